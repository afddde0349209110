// The floor's payment: consumes inventory.reserved.v1; emits payment.captured.v1 or
// payment.declined.v1 once the charge is recorded, or payment.declined.v1 (ORDER_CANCELLED) at
// once for an order cancelled first. Two phases, as services/payment: a PENDING claim in the
// batch's transaction, the charge outside any transaction, the answer in a second one.
import { randomUUID } from 'node:crypto';
import { newEvent, topics, type SagaEvent } from '@saga-shop/contracts';
import type pg from 'pg';
import { runFloorProcess } from './floor-runtime.js';
import { commitWithOutbox } from './messaging-sql.js';
import {
  insertPaymentRows,
  lockPaymentsOf,
  recordChargeOutcomes,
  type ChargeOutcome,
  type PaymentRecord,
} from './payment-sql.js';

/** The simulated gateway's test cards: card_ok and card_flaky capture (flaky after two retries). */
function chargesCard(method: string | null): boolean {
  return method === 'card_ok' || method === 'card_flaky';
}

function claim(
  payments: Map<string, PaymentRecord>,
  event: SagaEvent<'inventory.reserved.v1'>,
  created: PaymentRecord[],
): SagaEvent[] {
  const { orderId, totalCents, currency, paymentMethod, lines, shippingAddress } = event.data;
  const previous = payments.get(orderId);
  if (previous?.status === 'CANCELLED')
    return [newEvent('payment.declined.v1', { orderId, reason: 'ORDER_CANCELLED' })];
  // Pending, captured, declined or refunded already: this order had its one answer (or will).
  if (previous) return [];
  const payment: PaymentRecord = {
    id: randomUUID(),
    orderId,
    status: 'PENDING',
    method: paymentMethod,
    requestedCents: totalCents,
    amountCents: 0,
    currency,
    lines,
    shippingAddress,
    traceHeaders: {},
  };
  payments.set(orderId, payment);
  created.push(payment);
  return [];
}

function chargeEvent(payment: PaymentRecord): SagaEvent {
  const { orderId, id: paymentId, amountCents, currency, lines, shippingAddress } = payment;
  if (payment.status !== 'CAPTURED')
    return newEvent('payment.declined.v1', { orderId, reason: 'CARD_DECLINED' });
  if (!currency || !lines || !shippingAddress)
    throw new Error(`captured payment ${paymentId} lacks what its event forwards`);
  return newEvent('payment.captured.v1', {
    orderId,
    paymentId,
    amountCents,
    currency,
    lines,
    shippingAddress,
  });
}

/** The second phase: the gateway's answers (in memory), recorded and announced in one transaction. */
function settle(pool: pg.Pool, pending: PaymentRecord[]): Promise<number> {
  const outcomes: ChargeOutcome[] = pending
    .map((payment) => ({
      paymentId: payment.id,
      orderId: payment.orderId,
      captured: chargesCard(payment.method),
      amountCents: payment.requestedCents,
      currency: payment.currency,
    }))
    // In payment id order, as the services' settlement, so two settlements never deadlock.
    .sort((a, b) => a.paymentId.localeCompare(b.paymentId));
  return commitWithOutbox(pool, async (client) =>
    (await recordChargeOutcomes(client, outcomes)).map(chargeEvent),
  );
}

// The gateway ledger comes from payment's migrations, which the floor runtime applies.
await runFloorProcess('payment', [topics.inventoryReservedV1], ({ pool }) => ({
  async apply(client, events) {
    if (events.length === 0) return { emit: [] };
    const locked = await lockPaymentsOf(
      client,
      events.map((event) => event.orderId),
    );
    const payments = new Map(locked.map((payment) => [payment.orderId, payment]));
    const created: PaymentRecord[] = [];
    const emit: SagaEvent[] = [];
    for (const event of events)
      if (event.type === 'inventory.reserved.v1') emit.push(...claim(payments, event, created));
    await insertPaymentRows(client, created);
    return { emit, afterCommit: created.length > 0 ? () => settle(pool, created) : undefined };
  },
}));
