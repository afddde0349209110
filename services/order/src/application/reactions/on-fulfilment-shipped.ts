// Consumes fulfilment.shipped.v1; emits nothing (order → COMPLETED).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onFulfilmentShipped(batch: OrderBatch, event: SagaEvent<'fulfilment.shipped.v1'>) {
  return recordProgress(batch, event, { kind: 'shipped' });
}
