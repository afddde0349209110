// Consumes inventory.released.v1; emits nothing (the release, a compensation, goes into the history).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onInventoryReleased(tx: OrderTx, event: SagaEvent<'inventory.released.v1'>) {
  return recordProgress(tx, event, { kind: 'compensated' });
}
