import { randomUUID } from 'node:crypto';
import { events, newEvent, type SagaEvent } from '@saga-shop/contracts';

// The events payment consumes, and the shapes of what it leaves behind, for the integration tests.

export function reserved(paymentMethod: string, orderId = randomUUID()): SagaEvent<'inventory.reserved.v1'> {
  const data = structuredClone(events['inventory.reserved.v1'].example);
  return newEvent('inventory.reserved.v1', { ...data, orderId, paymentMethod });
}

export function failed(orderId: string, reason: 'UNSERVICEABLE_DESTINATION' | 'ORDER_CANCELLED') {
  return newEvent('fulfilment.failed.v1', { orderId, reason });
}

export function cancelled(orderId: string) {
  return newEvent('order.cancelled.v1', {
    orderId,
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: new Date().toISOString(),
  });
}

/** A gateway ledger entry of money taken (key = payment id). */
export const chargeOf = (key: string, amountCents: number) => ({
  key,
  operation: 'charge',
  outcome: 'captured',
  amountCents,
});

/** A gateway ledger entry of money paid back (key = `<payment id>:refund`). */
export const refundOf = (key: string, amountCents: number) => ({
  key,
  operation: 'refund',
  outcome: 'refunded',
  amountCents,
});

export const declinedFor = (orderId: string, reason: string) => ({
  topic: 'payment.declined.v1',
  payload: { orderId, reason },
});
