import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SagaClient, SagaStack, expectSagaInvariants, readCounter, waitFor } from '@saga-shop/testing';
import { printTimings, recordTiming } from './timings.js';

// The watchdog cancels orders that reach no terminal state in time. Payment is down, so the order
// waits at RESERVED until the watchdog gives up on it; when payment returns, the late charge (if
// any) is refunded and the stock was already released.
const stack = new SagaStack({
  envFor: { order: { SAGA_TIMEOUT_MS: '3000', WATCHDOG_INTERVAL_MS: '250' } },
});
const client = new SagaClient(stack);

describe('saga timeout', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(async () => {
    await stack.stop();
    printTimings('saga timeout');
  }, 60_000);

  it('cancels an order stuck without an answer with reason TIMEOUT, and compensates', async () => {
    await stack.services.payment.stop();
    let orderId: string;
    try {
      orderId = await client.placeOrder();
      const order = await client.waitForTerminal(orderId, 30_000);
      recordTiming('TIMEOUT', order);
      expect(order).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
    } finally {
      await stack.services.payment.start(60_000);
    }
    await expectSagaInvariants([orderId]);
  }, 120_000);

  it('announces a cancellation again when the saga leaves it unanswered, and the order then ends', async () => {
    // Fulfilment arbitrates cancellations: while it is down, nobody answers one (payment is down
    // too, so the order waits at RESERVED instead of finishing on its own).
    const { fulfilment, payment } = stack.services;
    await Promise.all([fulfilment.stop(), payment.stop()]);
    let fulfilmentDown = true;
    let orderId: string;
    try {
      orderId = await client.placeOrder();
      await client.waitForStatus(orderId, ['RESERVED']);
      const cancelled = await client.cancel(orderId);
      expect(cancelled.status).toBe(202);
      await client.waitForHistory(orderId, ['CancellationResent'], 30_000);
      expect(await readCounter(stack.url('order'), 'saga_cancellations_resent_total')).toBeGreaterThanOrEqual(
        1,
      );
      // Fulfilment comes back first and answers the (re-sent) cancellation. Were payment back too,
      // its capture could reach fulfilment before the cancellation and the order would rightly
      // ship (events of different topics are read in any order): not what this test is about.
      await fulfilment.start(60_000);
      fulfilmentDown = false;
      const order = await client.waitForTerminal(orderId, 60_000);
      expect(order).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
    } finally {
      await Promise.all([fulfilmentDown ? fulfilment.start(60_000) : undefined, payment.start(60_000)]);
    }
    // Payment, back last, reads the late reservation of a cancelled order; it must not keep any
    // money once it has handled it.
    const handledReservations =
      /^consumer_messages_handled_total\{[^}]*topic="inventory\.reserved\.v1"[^}]*\} (\d+)/m;
    await waitFor(
      async () => {
        const metrics = await fetch(`${stack.url('payment')}/metrics`).then((answer) => answer.text());
        return Number(handledReservations.exec(metrics)?.[1] ?? 0) > 0;
      },
      { timeoutMs: 30_000, what: 'payment to handle the late inventory.reserved.v1' },
    );
    await expectSagaInvariants([orderId]);
  }, 180_000);
});
