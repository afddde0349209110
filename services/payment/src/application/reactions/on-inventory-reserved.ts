// Consumes inventory.reserved.v1; emits payment.captured.v1 or payment.declined.v1 (once the
// gateway answered, see settle-payments.ts), or payment.declined.v1 (ORDER_CANCELLED) at once.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { currentTraceHeaders } from '@saga-shop/messaging';
import type { PaymentBatch } from '../payment-batch.js';

/**
 * Claims the order with a PENDING payment; the gateway is called after this transaction commits,
 * outside any transaction, so money never moves inside a transaction that could still roll back.
 */
export function onInventoryReserved(
  batch: PaymentBatch,
  event: SagaEvent<'inventory.reserved.v1'>,
): SagaEvent[] {
  const { orderId, totalCents, currency, paymentMethod, lines, shippingAddress } = event.data;
  const previous = batch.payment(orderId);
  // The order was cancelled before any charge: refuse to take money for it.
  if (previous?.status === 'CANCELLED') {
    return [newEvent('payment.declined.v1', { orderId, reason: 'ORDER_CANCELLED' })];
  }
  // Pending, captured, declined or refunded already: this order had its one answer (or will).
  if (previous) return [];
  batch.create({
    id: randomUUID(),
    orderId,
    status: 'PENDING',
    method: paymentMethod,
    requestedCents: totalCents,
    amountCents: 0,
    refundedCents: 0,
    currency,
    declineReason: null,
    refundCause: null,
    lines,
    shippingAddress,
    traceHeaders: currentTraceHeaders(),
  });
  return [];
}
