// Consumes payment.refunded.v1; emits nothing (the refund, a compensation, goes into the history).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentRefunded(batch: OrderBatch, event: SagaEvent<'payment.refunded.v1'>) {
  return recordProgress(batch, event, { kind: 'compensated' });
}
