// Consumes fulfilment.failed.v1; emits payment.refunded.v1 once the gateway refunded a capture
// (see settle-payments.ts), else nothing; compensates payment.captured.v1.
import type { SagaEvent } from '@saga-shop/contracts';
import type { PaymentBatch } from '../payment-batch.js';

/**
 * Nothing will ship, so money taken for the order goes back. Refunding what was never captured,
 * or was refunded already, is a no-op: a compensation of something that never happened. A charge
 * still pending is left to finish: if it captures, fulfilment refuses that capture too, and this
 * runs again.
 */
export function onFulfilmentFailed(
  batch: PaymentBatch,
  event: SagaEvent<'fulfilment.failed.v1'>,
): SagaEvent[] {
  const { orderId, reason } = event.data;
  const payment = batch.payment(orderId);
  if (!payment) {
    // Failed before any capture (a cancellation fulfilment arbitrated): refuse a later capture.
    batch.refuseLaterCharges(orderId);
    return [];
  }
  if (payment.status === 'CAPTURED') {
    batch.requestRefund(payment, reason === 'ORDER_CANCELLED' ? 'ORDER_CANCELLED' : 'FULFILMENT_FAILED');
  }
  return [];
}
