import { context, propagation } from '@opentelemetry/api';
import { newEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { FulfilmentTx } from '../persistence/fulfilment-database.js';

interface ShipmentToDispatch {
  id: string;
  orderId: string;
  trackingNumber: string;
  traceHeaders: unknown;
}

/** The parcel leaves: the shipment and the decision become SHIPPED, announced by fulfilment.shipped. */
export async function dispatchShipment(tx: FulfilmentTx, shipment: ShipmentToDispatch): Promise<void> {
  await tx.shipment.update({ where: { id: shipment.id }, data: { status: 'SHIPPED' } });
  await tx.fulfilmentDecision.upsert({
    where: { orderId: shipment.orderId },
    create: { orderId: shipment.orderId, outcome: 'SHIPPED' },
    update: { outcome: 'SHIPPED', decidedAt: new Date() },
  });
  // A delayed dispatch runs outside the capture's handling: continue the trace it stored.
  const parent = propagation.extract(context.active(), shipment.traceHeaders as Record<string, string>);
  await context.with(parent, () =>
    addToOutbox(
      tx,
      newEvent('fulfilment.shipped.v1', {
        orderId: shipment.orderId,
        shipmentId: shipment.id,
        trackingNumber: shipment.trackingNumber,
      }),
    ),
  );
}
