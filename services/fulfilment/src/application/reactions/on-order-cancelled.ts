// Consumes order.cancelled.v1; emits fulfilment.failed.v1 (ORDER_CANCELLED) unless the order has
// already shipped or failed, in which case it answers with that outcome again; compensates nothing
// itself (payment refunds, inventory releases).
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import type { FulfilmentBatch } from '../fulfilment-batch.js';
import { shippedEvent } from '../shipped-event.js';

/**
 * Shipping is the saga's point of no return, so fulfilment arbitrates a cancellation: before
 * dispatch (nothing yet, or still PACKING) it records the cancellation, so a later capture is
 * refused, and answers failed, which sets off the refund and the release; after dispatch, the
 * shipped event stands. Every cancellation gets an answer, also a repeated one (the watchdog
 * announces an unanswered cancellation again): the answers downstream are idempotent.
 */
export function onOrderCancelled(
  batch: FulfilmentBatch,
  event: SagaEvent<'order.cancelled.v1'>,
): SagaEvent[] {
  const { orderId, reason } = event.data;
  const decision = batch.decision(orderId);
  const shipment = batch.shipment(orderId);
  if (decision?.outcome === 'SHIPPED' && shipment) return [shippedEvent(shipment)];
  if (decision?.outcome === 'FAILED') {
    const failure =
      decision.reason === 'UNSERVICEABLE_DESTINATION' ? 'UNSERVICEABLE_DESTINATION' : 'ORDER_CANCELLED';
    return [newEvent('fulfilment.failed.v1', { orderId, reason: failure })];
  }
  if (decision?.outcome !== 'CANCELLED') {
    // Nothing yet, or still packing: the cancellation wins, and the parcel never leaves.
    if (shipment?.status === 'PACKING') batch.setShipmentStatus(shipment, 'CANCELLED');
    batch.decide(orderId, 'CANCELLED', reason);
  }
  return [newEvent('fulfilment.failed.v1', { orderId, reason: 'ORDER_CANCELLED' })];
}
