// Consumes payment.refunded.v1; emits nothing (the refund, a compensation, goes into the history).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentRefunded(tx: OrderTx, event: SagaEvent<'payment.refunded.v1'>) {
  return recordProgress(tx, event, { kind: 'compensated' });
}
