// Consumes payment.captured.v1; emits fulfilment.shipped.v1 (at once, or after packing) or fulfilment.failed.v1.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox, currentTraceHeaders } from '@saga-shop/messaging';
import { decideShipping, trackingNumberFor } from '../../domain/shipping-policy.js';
import type { FulfilmentTx } from '../../persistence/fulfilment-database.js';
import { dispatchShipment } from '../dispatch-shipment.js';

export async function onPaymentCaptured(
  tx: FulfilmentTx,
  event: SagaEvent<'payment.captured.v1'>,
  dispatchDelayMs = 0,
) {
  const { orderId, lines, shippingAddress } = event.data;
  const previous = await tx.fulfilmentDecision.findUnique({ where: { orderId } });
  // Packing, shipped or failed already: this order had its one answer.
  if (previous && previous.outcome !== 'CANCELLED') return;

  const decision = decideShipping({ country: shippingAddress.country, orderCancelled: previous !== null });
  if (!decision.ship) {
    // A capture after a cancellation is answered with failed(ORDER_CANCELLED): payment refunds it.
    if (!previous)
      await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'FAILED', reason: decision.reason } });
    await addToOutbox(tx, newEvent('fulfilment.failed.v1', { orderId, reason: decision.reason }));
    return;
  }

  const shipmentId = randomUUID();
  const shipment = {
    id: shipmentId,
    orderId,
    trackingNumber: trackingNumberFor(shipmentId),
    traceHeaders: currentTraceHeaders(),
  };
  await tx.shipment.create({
    data: {
      ...shipment,
      country: shippingAddress.country,
      lines,
      status: 'PACKING',
      dispatchAfter: new Date(Date.now() + dispatchDelayMs),
    },
  });
  // The decision's primary key serialises this against a concurrent cancellation of the same order.
  await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'PACKING' } });
  if (dispatchDelayMs === 0) await dispatchShipment(tx, shipment);
}
