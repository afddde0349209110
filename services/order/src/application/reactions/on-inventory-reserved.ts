// Consumes inventory.reserved.v1; emits nothing (order → RESERVED, total recorded).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryReserved(batch: OrderBatch, event: SagaEvent<'inventory.reserved.v1'>) {
  const { totalCents, currency } = event.data;
  return recordProgress(batch, event, { kind: 'reserved' }, { totalCents, currency });
}
