import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SagaClient, SagaStack, expectSagaInvariants, type ServiceName } from '@saga-shop/testing';
import { printTimings, recordTiming } from './timings.js';

// A customer cancels at each stage before shipping. The next service is stopped to hold the order
// at that stage; fulfilment packs for a while before dispatch, so a cancellation can still win
// after payment (shipping is the point of no return: after it, cancelling answers 409).
const stack = new SagaStack({ envFor: { fulfilment: { FULFILMENT_DISPATCH_DELAY_MS: '4000' } } });
const client = new SagaClient(stack);

async function cancelAt(stage: 'PENDING' | 'RESERVED' | 'PAID', heldBy: ServiceName | null) {
  if (heldBy) await stack.services[heldBy].stop();
  try {
    const orderId = await client.placeOrder();
    await client.waitForStatus(orderId, [stage]);
    const response = await client.cancel(orderId);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ orderId, cancellationRequested: 'CUSTOMER_CANCELLED' });
    return orderId;
  } finally {
    if (heldBy) await stack.services[heldBy].start(60_000);
  }
}

describe('customer cancellation', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(async () => {
    await stack.stop();
    printTimings('customer cancellation');
  }, 60_000);

  it.each([
    ['PENDING', 'inventory'],
    ['RESERVED', 'payment'],
    ['PAID', null],
  ] as const)(
    'cancels an order at %s and compensates everything it had done',
    async (stage, heldBy) => {
      const orderId = await cancelAt(stage, heldBy);
      const order = await client.waitForTerminal(orderId);
      recordTiming(`CUSTOMER_CANCELLED at ${stage}`, order);
      expect(order).toMatchObject({ status: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' });
      expect(order.history.map((entry) => entry.type)).toContain('CancellationRequested');
      await expectSagaInvariants([orderId]);
    },
    120_000,
  );

  it('answers 202 again for a repeated cancel and announces it once', async () => {
    await stack.services.inventory.stop();
    try {
      const orderId = await client.placeOrder();
      expect((await client.cancel(orderId)).status).toBe(202);
      expect((await client.cancel(orderId)).status).toBe(202);
      const requested = (await client.getOrder(orderId)).history.filter(
        (entry) => entry.type === 'CancellationRequested',
      );
      expect(requested).toHaveLength(1);
    } finally {
      await stack.services.inventory.start(60_000);
    }
  }, 120_000);

  it('refuses to cancel a completed order with 409, and an unknown one with 404', async () => {
    const orderId = await client.placeOrder();
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');
    const refused = await client.cancel(orderId);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await client.cancel('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    await expectSagaInvariants([orderId]);
  }, 60_000);
});
