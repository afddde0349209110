// Consumes inventory.released.v1; emits nothing (the release, a compensation, goes into the history).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryReleased(batch: OrderBatch, event: SagaEvent<'inventory.released.v1'>) {
  return recordProgress(batch, event, { kind: 'compensated' });
}
