// Consumes payment.captured.v1; emits nothing (order → PAID).
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentCaptured(tx: OrderTx, event: SagaEvent<'payment.captured.v1'>) {
  return recordProgress(tx, event, { kind: 'paid' });
}
