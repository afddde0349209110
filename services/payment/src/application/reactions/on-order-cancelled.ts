// Consumes order.cancelled.v1; emits nothing: before any charge it leaves a tombstone that refuses
// a later capture; after one, the refund comes through fulfilment.failed.v1.
import type { SagaEvent } from '@saga-shop/contracts';
import type { PaymentBatch } from '../payment-batch.js';

/**
 * Payment does not refund on a cancellation itself: shipping is the point of no return, so
 * fulfilment decides whether the cancellation wins and answers fulfilment.failed when it does.
 */
export function onOrderCancelled(batch: PaymentBatch, event: SagaEvent<'order.cancelled.v1'>): SagaEvent[] {
  if (!batch.payment(event.data.orderId)) batch.refuseLaterCharges(event.data.orderId);
  return [];
}
