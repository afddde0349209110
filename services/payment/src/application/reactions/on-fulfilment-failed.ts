// Consumes fulfilment.failed.v1; emits payment.refunded.v1 when it refunds a capture, else nothing;
// compensates payment.captured.v1.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { CardGateway } from '../../domain/card-gateway.js';
import type { PaymentTx } from '../../persistence/payment-database.js';

/**
 * Nothing will ship, so money taken for the order goes back. Refunding what was never captured,
 * or was refunded already, is a no-op: a compensation of something that never happened.
 */
export async function onFulfilmentFailed(
  tx: PaymentTx,
  event: SagaEvent<'fulfilment.failed.v1'>,
  gateway: CardGateway,
) {
  const { orderId, reason } = event.data;
  const payment = await tx.payment.findUnique({ where: { orderId } });
  if (!payment) {
    // Failed before any capture (a cancellation fulfilment arbitrated): refuse a later capture.
    await tx.payment.create({ data: { id: randomUUID(), orderId, status: 'CANCELLED' } });
    return;
  }
  // A capture always has a currency (CHECK payments_capture_has_currency); the test narrows the type.
  if (payment.status !== 'CAPTURED' || payment.currency === null) return;

  // Conditional on CAPTURED, so two concurrent failures of one order cannot both refund it.
  const refunded = await tx.payment.updateMany({
    where: { id: payment.id, status: 'CAPTURED' },
    data: { status: 'REFUNDED', refundedCents: payment.amountCents },
  });
  if (refunded.count === 0) return;
  const money = { amountCents: payment.amountCents, currency: payment.currency };
  // The gateway refunds idempotently per order, so a retry of this transaction pays back only once.
  await gateway.refund({ orderId, ...money });
  await addToOutbox(
    tx,
    newEvent('payment.refunded.v1', {
      orderId,
      paymentId: payment.id,
      ...money,
      cause: reason === 'ORDER_CANCELLED' ? 'ORDER_CANCELLED' : 'FULFILMENT_FAILED',
    }),
  );
}
