// Consumes inventory.rejected.v1; emits nothing (order → CANCELLED: OUT_OF_STOCK, or the requested
// cancellation's reason when inventory refused because the order was being cancelled).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderBatch } from '../order-batch.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryRejected(batch: OrderBatch, event: SagaEvent<'inventory.rejected.v1'>) {
  const cause = event.data.reason === 'ORDER_CANCELLED' ? 'CANCELLATION' : 'OUT_OF_STOCK';
  return recordProgress(batch, event, { kind: 'failed', cause });
}
