import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { events, newEvent, type SagaEvent } from '@saga-shop/contracts';
import { handleOnce } from '@saga-shop/messaging';
import { type DatabasePool, migrate } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import { onFulfilmentFailed } from '../src/application/reactions/on-fulfilment-failed.js';
import { onInventoryReserved } from '../src/application/reactions/on-inventory-reserved.js';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { CardGateway, GatewayUnavailable } from '../src/domain/card-gateway.js';
import { PaymentDatabase } from '../src/persistence/payment-database.js';

// The reactions against the real migrated schema, in the transaction the consumer gives them.
let scratch: ScratchPool;
let database: PaymentDatabase;
const gateway = new CardGateway();

function reserved(paymentMethod: string): SagaEvent<'inventory.reserved.v1'> {
  const data = structuredClone(events['inventory.reserved.v1'].example);
  return newEvent('inventory.reserved.v1', { ...data, orderId: randomUUID(), paymentMethod });
}

function failed(orderId: string, reason: 'UNSERVICEABLE_DESTINATION' | 'ORDER_CANCELLED') {
  return newEvent('fulfilment.failed.v1', { orderId, reason });
}

function cancelled(orderId: string): SagaEvent<'order.cancelled.v1'> {
  return newEvent('order.cancelled.v1', {
    orderId,
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: new Date().toISOString(),
  });
}

const handle = {
  reserved: (event: SagaEvent<'inventory.reserved.v1'>) =>
    handleOnce(database.transaction, event, (tx) => onInventoryReserved(tx, event, gateway)),
  failed: (event: SagaEvent<'fulfilment.failed.v1'>) =>
    handleOnce(database.transaction, event, (tx) => onFulfilmentFailed(tx, event, gateway)),
  cancelled: (event: SagaEvent<'order.cancelled.v1'>) =>
    handleOnce(database.transaction, event, (tx) => onOrderCancelled(tx, event)),
};

/** Retries like the consumer pipeline does: a transaction that lost a race runs again. */
async function withRetries(work: () => Promise<unknown>, attempts = 3): Promise<unknown> {
  return work().catch((error: unknown) => {
    if (attempts <= 1) throw error;
    return withRetries(work, attempts - 1);
  });
}

/** The order's payment row and the payload of the one `topic` event payment emitted for it. */
async function paymentAndPayload(orderId: string, topic: string) {
  const payment = await database.payment.findUniqueOrThrow({ where: { orderId } });
  const row = await database.outbox.findFirstOrThrow({ where: { topic, messageKey: orderId } });
  return { payment, payload: JSON.parse(row.payload) as unknown };
}

/** The order's payment row, what payment emitted for it, and the money it holds (captured - refunded). */
async function outcome(orderId: string) {
  const payments = await database.payment.findMany({ where: { orderId } });
  const outbox = await database.outbox.findMany({ where: { messageKey: orderId }, orderBy: { id: 'asc' } });
  return {
    statuses: payments.map((payment) => payment.status),
    emitted: outbox.map((row) => {
      const payload = JSON.parse(row.payload) as { reason?: string; cause?: string };
      return { topic: row.topic, why: payload.reason ?? payload.cause };
    }),
    // The saga's money invariant, for this order: captured minus refunded.
    heldCents: payments.reduce((held, payment) => held + payment.amountCents - payment.refundedCents, 0),
  };
}

const emittedCapture = { topic: 'payment.captured.v1', why: undefined };
const declinedFor = (why: string) => ({ topic: 'payment.declined.v1', why });
const captured = (heldCents: number) => ({ statuses: ['CAPTURED'], emitted: [emittedCapture], heldCents });
const refusedCapture = { statuses: ['CANCELLED'], emitted: [declinedFor('ORDER_CANCELLED')], heldCents: 0 };
const declinedByCard = { statuses: ['DECLINED'], emitted: [declinedFor('CARD_DECLINED')], heldCents: 0 };

describe('payment reactions (real PostgreSQL)', () => {
  beforeAll(async () => {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    scratch = await createScratchPool((url, schema) => migrate(url, migrations, schema));
    database = new PaymentDatabase(scratch.pool as DatabasePool);
  });

  afterAll(async () => {
    await database.$disconnect();
    await scratch.drop();
  });

  it('captures card_ok once, however often the reservation is delivered', async () => {
    const event = reserved('card_ok');
    expect(await handle.reserved(event)).toBe('applied');
    expect(await handle.reserved(event)).toBe('duplicate');
    expect(await outcome(event.orderId)).toEqual(captured(event.data.totalCents));
  });

  it('carries the priced lines and the address forward, and names the payment row', async () => {
    const event = reserved('card_ok');
    await handle.reserved(event);
    const { payment, payload } = await paymentAndPayload(event.orderId, 'payment.captured.v1');
    expect(payload).toEqual({
      orderId: event.orderId,
      paymentId: payment.id,
      amountCents: event.data.totalCents,
      currency: event.data.currency,
      lines: event.data.lines,
      shippingAddress: event.data.shippingAddress,
    });
  });

  it('declines card_declined without taking money', async () => {
    const event = reserved('card_declined');
    await handle.reserved(event);
    expect(await outcome(event.orderId)).toEqual(declinedByCard);
  });

  it('rolls card_flaky back on its two unavailable attempts, then captures on the third', async () => {
    const event = reserved('card_flaky');
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await expect(handle.reserved(event)).rejects.toBeInstanceOf(GatewayUnavailable);
      expect(await outcome(event.orderId)).toEqual({ statuses: [], emitted: [], heldCents: 0 });
    }
    expect(await handle.reserved(event)).toBe('applied');
    expect(await outcome(event.orderId)).toEqual(captured(event.data.totalCents));
  });

  it('refunds a capture exactly once when fulfilment fails twice for the order', async () => {
    const event = reserved('card_ok');
    await handle.reserved(event);
    await handle.failed(failed(event.orderId, 'UNSERVICEABLE_DESTINATION'));
    await handle.failed(failed(event.orderId, 'ORDER_CANCELLED'));
    expect(await outcome(event.orderId)).toEqual({
      statuses: ['REFUNDED'],
      emitted: [emittedCapture, { topic: 'payment.refunded.v1', why: 'FULFILMENT_FAILED' }],
      heldCents: 0,
    });
  });

  it('refunds what was captured, naming the cancellation when that is why fulfilment failed', async () => {
    const event = reserved('card_ok');
    await handle.reserved(event);
    await handle.failed(failed(event.orderId, 'ORDER_CANCELLED'));
    const { payment, payload } = await paymentAndPayload(event.orderId, 'payment.refunded.v1');
    expect(payment).toMatchObject({ status: 'REFUNDED', refundedCents: event.data.totalCents });
    expect(payload).toEqual({
      orderId: event.orderId,
      paymentId: payment.id,
      amountCents: event.data.totalCents,
      currency: event.data.currency,
      cause: 'ORDER_CANCELLED',
    });
  });

  it('leaves a declined payment alone when fulfilment fails (nothing to refund)', async () => {
    const event = reserved('card_declined');
    await handle.reserved(event);
    await handle.failed(failed(event.orderId, 'ORDER_CANCELLED'));
    await handle.cancelled(cancelled(event.orderId));
    expect(await outcome(event.orderId)).toEqual(declinedByCard);
  });

  it.each([
    ['fulfilment.failed', (orderId: string) => handle.failed(failed(orderId, 'ORDER_CANCELLED'))],
    ['order.cancelled', (orderId: string) => handle.cancelled(cancelled(orderId))],
  ])('refuses a capture that arrives after %s, taking no money', async (_name, cancelFirst) => {
    const event = reserved('card_ok');
    await cancelFirst(event.orderId);
    expect(await outcome(event.orderId)).toEqual({ statuses: ['CANCELLED'], emitted: [], heldCents: 0 });
    await handle.reserved(event);
    expect(await outcome(event.orderId)).toEqual(refusedCapture);
  });

  it('lets a capture stand when the cancellation arrives after it (fulfilment decides the refund)', async () => {
    const event = reserved('card_ok');
    await handle.reserved(event);
    await handle.cancelled(cancelled(event.orderId));
    expect(await outcome(event.orderId)).toEqual(captured(event.data.totalCents));
  });

  it('serialises a capture and a concurrent cancellation: one wins, money matches the winner', async () => {
    const event = reserved('card_ok');
    await Promise.all([
      withRetries(() => handle.reserved(event)),
      withRetries(() => handle.cancelled(cancelled(event.orderId))),
    ]);
    expect([captured(event.data.totalCents), refusedCapture]).toContainEqual(await outcome(event.orderId));
  });
});
