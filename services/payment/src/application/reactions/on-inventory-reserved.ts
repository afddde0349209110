// Consumes inventory.reserved.v1; emits payment.captured.v1 or payment.declined.v1.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { CardGateway } from '../../domain/card-gateway.js';
import type { PaymentTx } from '../../persistence/payment-database.js';

/**
 * Charges the reserved total. GatewayUnavailable is deliberately not caught: it rolls this
 * transaction back (no row, no event, no inbox entry) and the consumer retries with backoff.
 */
export async function onInventoryReserved(
  tx: PaymentTx,
  event: SagaEvent<'inventory.reserved.v1'>,
  gateway: CardGateway,
) {
  const { orderId, totalCents, currency, paymentMethod: method, lines, shippingAddress } = event.data;
  const previous = await tx.payment.findUnique({ where: { orderId } });
  if (previous?.status === 'CANCELLED') {
    // The order was cancelled before any capture: refuse to take money for it.
    await addToOutbox(tx, newEvent('payment.declined.v1', { orderId, reason: 'ORDER_CANCELLED' }));
    return;
  }
  // Captured, declined or refunded already: this order had its one answer.
  if (previous) return;

  const charge = await gateway.charge({ orderId, method, amountCents: totalCents, currency });
  const paymentId = randomUUID();
  // The unique order_id serialises this insert against a concurrent cancellation's tombstone.
  if (charge.outcome === 'declined') {
    await tx.payment.create({
      data: { id: paymentId, orderId, status: 'DECLINED', method, currency, declineReason: 'CARD_DECLINED' },
    });
    await addToOutbox(tx, newEvent('payment.declined.v1', { orderId, reason: 'CARD_DECLINED' }));
    return;
  }
  await tx.payment.create({
    data: { id: paymentId, orderId, status: 'CAPTURED', method, amountCents: totalCents, currency },
  });
  await addToOutbox(
    tx,
    newEvent('payment.captured.v1', {
      orderId,
      paymentId,
      amountCents: totalCents,
      currency,
      lines,
      shippingAddress,
    }),
  );
}
