// Consumes inventory.reserved.v1; emits nothing (order → RESERVED, total recorded).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryReserved(tx: OrderTx, event: SagaEvent<'inventory.reserved.v1'>) {
  const { totalCents, currency } = event.data;
  return recordProgress(tx, event, { kind: 'reserved' }, { totalCents, currency });
}
