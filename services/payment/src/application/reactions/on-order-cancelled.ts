// Consumes order.cancelled.v1; emits nothing: before any capture it leaves a tombstone that refuses
// a later capture; after one, the refund comes through fulfilment.failed.v1.
import { randomUUID } from 'node:crypto';
import type { SagaEvent } from '@saga-shop/contracts';
import type { PaymentTx } from '../../persistence/payment-database.js';

/**
 * Payment does not refund on a cancellation itself: shipping is the point of no return, so
 * fulfilment decides whether the cancellation wins and answers fulfilment.failed when it does.
 */
export async function onOrderCancelled(tx: PaymentTx, event: SagaEvent<'order.cancelled.v1'>) {
  const { orderId } = event.data;
  const previous = await tx.payment.findUnique({ where: { orderId } });
  if (previous) return;
  // The unique order_id serialises this tombstone against a concurrent capture of the same order.
  await tx.payment.create({ data: { id: randomUUID(), orderId, status: 'CANCELLED' } });
}
