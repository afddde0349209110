import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SagaClient, SagaStack, expectSagaInvariants } from '@saga-shop/testing';
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
});
