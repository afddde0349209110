// Consumes inventory.rejected.v1; emits nothing (order → CANCELLED: OUT_OF_STOCK, or the requested
// cancellation's reason when inventory refused because the order was being cancelled).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryRejected(tx: OrderTx, event: SagaEvent<'inventory.rejected.v1'>) {
  const cause = event.data.reason === 'ORDER_CANCELLED' ? 'CANCELLATION' : 'OUT_OF_STOCK';
  return recordProgress(tx, event, { kind: 'failed', cause });
}
