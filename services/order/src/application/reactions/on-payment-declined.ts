// Consumes payment.declined.v1; emits nothing (order → CANCELLED: PAYMENT_DECLINED, or the
// requested cancellation's reason); inventory compensates by releasing the stock.
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentDeclined(batch: OrderBatch, event: SagaEvent<'payment.declined.v1'>) {
  const cause = event.data.reason === 'ORDER_CANCELLED' ? 'CANCELLATION' : 'PAYMENT_DECLINED';
  return recordProgress(batch, event, { kind: 'failed', cause });
}
