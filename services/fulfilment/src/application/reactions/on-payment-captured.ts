// Consumes payment.captured.v1; emits fulfilment.shipped.v1 or fulfilment.failed.v1.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import { decideShipping, trackingNumberFor } from '../../domain/shipping-policy.js';
import type { FulfilmentTx } from '../../persistence/fulfilment-database.js';

export async function onPaymentCaptured(tx: FulfilmentTx, event: SagaEvent<'payment.captured.v1'>) {
  const { orderId, lines, shippingAddress } = event.data;
  const previous = await tx.fulfilmentDecision.findUnique({ where: { orderId } });
  // Shipped or failed already: this order had its one answer.
  if (previous?.outcome === 'SHIPPED' || previous?.outcome === 'FAILED') return;

  const decision = decideShipping({
    country: shippingAddress.country,
    orderCancelled: previous?.outcome === 'CANCELLED',
  });
  if (!decision.ship) {
    // A capture after a cancellation is answered with failed(ORDER_CANCELLED): payment refunds it.
    if (!previous)
      await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'FAILED', reason: decision.reason } });
    await addToOutbox(tx, newEvent('fulfilment.failed.v1', { orderId, reason: decision.reason }));
    return;
  }

  const shipmentId = randomUUID();
  const trackingNumber = trackingNumberFor(shipmentId);
  await tx.shipment.create({
    data: { id: shipmentId, orderId, trackingNumber, country: shippingAddress.country, lines },
  });
  // The decision's primary key serialises this against a concurrent cancellation of the same order.
  await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'SHIPPED' } });
  await addToOutbox(tx, newEvent('fulfilment.shipped.v1', { orderId, shipmentId, trackingNumber }));
}
