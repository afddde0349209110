import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { TimeoutWatchdog } from '../src/application/timeout-watchdog.js';
import { OrderHarness } from './order-harness.js';
import { captured, declined, fulfilmentFailed, reserved, shipped } from './order-inputs.js';

// The watchdog's sweep, called by the test (its periodic task never starts). Orders are made
// overdue by moving their timestamps back in SQL, never by waiting.
let orders: OrderHarness;
let watchdog: TimeoutWatchdog;

const sagaTimeoutMs = 60_000;
/** Twice the saga timeout back: overdue however slowly the test runs. */
const overdueSeconds = (2 * sagaTimeoutMs) / 1_000;

/** A new order the saga took as far as `answers` go, placed two saga timeouts ago. */
async function overdueOrder(...answers: ((orderId: string) => AnySagaEvent)[]) {
  const orderId = await orders.placed();
  for (const answer of answers) await orders.handle(answer(orderId));
  await orders.backdate(orderId, 'created_at', overdueSeconds);
  return orderId;
}

const cancellationsOf = async (orderId: string) =>
  (await orders.emitted(orderId))
    .filter((row) => row.topic === 'order.cancelled.v1')
    .map((row) => row.payload);

describe('the timeout watchdog (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
    watchdog = orders.watchdog(sagaTimeoutMs);
  });

  afterAll(async () => {
    await orders.close();
  });

  it('asks to cancel every overdue open order with reason TIMEOUT, once, and nothing else', async () => {
    const [pending, paid] = [await overdueOrder(), await overdueOrder(reserved, captured)];
    const fresh = await orders.placed();
    const completed = await overdueOrder(reserved, captured, shipped);
    const customerAsked = await overdueOrder(reserved);
    await orders.cancel(customerAsked);

    expect(await watchdog.sweep()).toBe(2);
    for (const [orderId, status] of [
      [pending, 'PENDING'],
      [paid, 'PAID'],
    ] as const) {
      expect(await orders.orderOf(orderId)).toMatchObject({
        status,
        reason: null,
        cancellationRequested: 'TIMEOUT',
      });
      expect(await cancellationsOf(orderId)).toEqual([
        { orderId, reason: 'TIMEOUT', cancelledAt: expect.any(String) },
      ]);
      expect((await orders.historyOf(orderId)).at(-1)).toEqual({
        type: 'CancellationRequested',
        detail: { reason: 'TIMEOUT' },
      });
    }
    expect(await orders.orderOf(fresh)).toMatchObject({ cancellationRequested: null });
    expect(await orders.orderOf(completed)).toMatchObject({
      status: 'COMPLETED',
      cancellationRequested: null,
    });
    expect(await cancellationsOf(customerAsked)).toEqual([
      expect.objectContaining({ reason: 'CUSTOMER_CANCELLED' }),
    ]);
    for (const untouched of [fresh, completed]) expect(await cancellationsOf(untouched)).toEqual([]);

    // The next sweep finds them asked already: nothing is announced twice.
    expect(await watchdog.sweep()).toBe(0);
    expect(await cancellationsOf(pending)).toHaveLength(1);
  });

  it.each([
    ['payment.declined', declined],
    ['fulfilment.failed', fulfilmentFailed],
  ])(
    'cancels a timed-out order with reason TIMEOUT when %s answers ORDER_CANCELLED',
    async (_event, answer) => {
      const orderId = await overdueOrder(reserved);
      await watchdog.sweep();
      await orders.handle(answer(orderId, 'ORDER_CANCELLED'));
      expect(await orders.orderOf(orderId)).toMatchObject({
        status: 'CANCELLED',
        reason: 'TIMEOUT',
        cancellationRequested: 'TIMEOUT',
        terminal: true,
      });
    },
  );

  it('announces a cancellation again, with its own reason, when the saga left it unanswered a timeout long', async () => {
    const [timedOut, customerAsked] = [await overdueOrder(), await overdueOrder(reserved)];
    await orders.cancel(customerAsked);
    await watchdog.sweep();
    for (const orderId of [timedOut, customerAsked]) {
      await orders.backdate(orderId, 'cancellation_requested_at', overdueSeconds);
    }

    await watchdog.sweep();
    expect((await cancellationsOf(timedOut)).map((payload) => payload['reason'])).toEqual([
      'TIMEOUT',
      'TIMEOUT',
    ]);
    expect((await cancellationsOf(customerAsked)).map((payload) => payload['reason'])).toEqual([
      'CUSTOMER_CANCELLED',
      'CUSTOMER_CANCELLED',
    ]);
    expect((await orders.historyOf(customerAsked)).at(-1)).toEqual({
      type: 'CancellationResent',
      detail: { reason: 'CUSTOMER_CANCELLED' },
    });
    // Announced again just now: the next sweep waits another timeout before a third time.
    await watchdog.sweep();
    expect(await cancellationsOf(timedOut)).toHaveLength(2);
  });

  it('stops announcing a cancellation once the saga answered it', async () => {
    const orderId = await overdueOrder(reserved);
    await watchdog.sweep();
    await orders.handle(declined(orderId, 'ORDER_CANCELLED'));
    await orders.backdate(orderId, 'cancellation_requested_at', overdueSeconds);
    await watchdog.sweep();
    expect(await cancellationsOf(orderId)).toHaveLength(1);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
  });
});
