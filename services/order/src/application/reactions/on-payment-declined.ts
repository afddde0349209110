// Consumes payment.declined.v1; emits nothing (order → CANCELLED: PAYMENT_DECLINED, or the
// requested cancellation's reason); inventory compensates by releasing the stock.
import type { SagaEvent } from '@saga-shop/contracts';
import type { OrderTx } from '../../persistence/order-database.js';
import { recordProgress } from '../record-progress.js';

export function onPaymentDeclined(tx: OrderTx, event: SagaEvent<'payment.declined.v1'>) {
  const cause = event.data.reason === 'ORDER_CANCELLED' ? 'CANCELLATION' : 'PAYMENT_DECLINED';
  return recordProgress(tx, event, { kind: 'failed', cause });
}
