// Consumes fulfilment.failed.v1; emits nothing (order → CANCELLED: FULFILMENT_FAILED, or the
// requested cancellation's reason); payment refunds and inventory releases.
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onFulfilmentFailed(batch: OrderBatch, event: SagaEvent<'fulfilment.failed.v1'>) {
  const cause = event.data.reason === 'ORDER_CANCELLED' ? 'CANCELLATION' : 'FULFILMENT_FAILED';
  return recordProgress(batch, event, { kind: 'failed', cause });
}
