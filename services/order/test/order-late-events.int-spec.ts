import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { classifyFailure, PermanentFailure } from '@saga-shop/messaging';
import { OrderHarness } from './order-harness.js';
import { captured, declined, fulfilmentFailed, rejected, reserved, shipped } from './order-inputs.js';

// Events of different topics arrive in any order, and late ones after the order ended. The rule
// (domain/saga-progress.ts): status only moves forward, a terminal order never changes, and every
// event is recorded in history. An event for an order this service never placed cannot be applied.
let orders: OrderHarness;

describe('late, out-of-order and unknown-order events (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
  });

  afterAll(async () => {
    await orders.close();
  });

  it('records a late payment.captured on a cancelled order without applying it', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(rejected(orderId, 'OUT_OF_STOCK'));
    const cancelled = await orders.terminalAtOf(orderId);
    const late = captured(orderId);
    await orders.handleEach(late, shipped(orderId));
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    expect(await orders.terminalAtOf(orderId)).toEqual(cancelled);
    const history = await orders.historyOf(orderId);
    expect(history.map((entry) => entry.type)).toEqual([
      'OrderPlaced',
      'InventoryRejected',
      'PaymentCaptured',
      'FulfilmentShipped',
    ]);
    // No status in the late entries: they moved nothing.
    expect(history[2]?.detail).toEqual({
      eventId: late.id,
      paymentId: late.data.paymentId,
      amountCents: 3000,
      currency: 'EUR',
    });
    expect(await orders.topicsOf(orderId)).toEqual(['order.placed.v1']);
  });

  it('never cancels a completed order: a late fulfilment.failed or payment.declined is history only', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(reserved(orderId), captured(orderId), shipped(orderId));
    await orders.handleEach(fulfilmentFailed(orderId), declined(orderId));
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'COMPLETED', reason: null });
    expect((await orders.historyOf(orderId)).slice(-2).map((entry) => entry.detail?.['status'])).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('only moves forward when topics arrive out of order: a shipment read first completes the order', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(shipped(orderId), captured(orderId), reserved(orderId, 1800, 'EUR'));
    // The late reservation moves nothing, but its total is still recorded on the completed order.
    expect(await orders.orderOf(orderId)).toEqual({
      status: 'COMPLETED',
      reason: null,
      cancellationRequested: null,
      totalCents: 1800,
      currency: 'EUR',
      terminal: true,
    });
    const statuses = (await orders.historyOf(orderId)).map((entry) => entry.detail?.['status']);
    expect(statuses).toEqual(['PENDING', 'COMPLETED', undefined, undefined]);
  });

  it('skips RESERVED when the capture is read before the reservation, and keeps PAID', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(captured(orderId), reserved(orderId, 2500, 'EUR'));
    expect(await orders.orderOf(orderId)).toMatchObject({
      status: 'PAID',
      totalCents: 2500,
      currency: 'EUR',
    });
  });

  it.each([
    ['inventory.rejected', (id: string) => rejected(id, 'ORDER_CANCELLED')],
    ['payment.declined', (id: string) => declined(id, 'ORDER_CANCELLED')],
    ['fulfilment.failed', (id: string) => fulfilmentFailed(id, 'ORDER_CANCELLED')],
  ])(
    'takes CUSTOMER_CANCELLED for an ORDER_CANCELLED %s when no cancellation was recorded',
    async (_e, refusal) => {
      const orderId = await orders.placed();
      await orders.handleEach(refusal(orderId));
      expect(await orders.orderOf(orderId)).toMatchObject({
        status: 'CANCELLED',
        reason: 'CUSTOMER_CANCELLED',
      });
    },
  );

  it('refuses an event for an unknown order as a PermanentFailure, committing nothing', async () => {
    const stranger = reserved(randomUUID());
    const [inboxBefore, historyBefore] = [
      await orders.countRows('inbox'),
      await orders.countRows('order_history'),
    ];
    const failure = await orders.handle(stranger).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentFailure);
    expect((failure as Error).message).toBe(`inventory.reserved.v1 for unknown order ${stranger.orderId}`);
    // Dead-lettered at once, never retried: retrying cannot make the order appear.
    expect(classifyFailure(failure)).toBe('permanent');
    expect(await orders.orderOf(stranger.orderId)).toBeUndefined();
    expect([await orders.countRows('inbox'), await orders.countRows('order_history')]).toEqual([
      inboxBefore,
      historyBefore,
    ]);
  });

  it('rolls back the whole batch an unknown order is in; alone, its neighbour applies', async () => {
    const orderId = await orders.placed();
    const [known, stranger] = [reserved(orderId), captured(randomUUID())];
    await expect(orders.handle(known, stranger)).rejects.toBeInstanceOf(PermanentFailure);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'PENDING' });
    // What the consumer then does: one event per transaction, so only the stranger is parked.
    expect(await orders.handle(known)).toEqual({ applied: 1, duplicates: 0 });
    await expect(orders.handle(stranger)).rejects.toBeInstanceOf(PermanentFailure);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'RESERVED' });
  });
});
