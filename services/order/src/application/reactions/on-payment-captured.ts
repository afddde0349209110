// Consumes payment.captured.v1; emits nothing (order → PAID).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentCaptured(batch: OrderBatch, event: SagaEvent<'payment.captured.v1'>) {
  return recordProgress(batch, event, { kind: 'paid' });
}
