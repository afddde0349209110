// Consumes fulfilment.shipped.v1; emits nothing (order → COMPLETED).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onFulfilmentShipped(tx: OrderTx, event: SagaEvent<'fulfilment.shipped.v1'>) {
  return recordProgress(tx, event, { kind: 'shipped' });
}
