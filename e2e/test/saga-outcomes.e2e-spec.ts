import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SagaClient, SagaStack, expectSagaInvariants } from '@saga-shop/testing';
import { printTimings, recordTiming } from './timings.js';

// Every outcome of the saga, end to end: REST in, four services as processes, real Kafka and
// PostgreSQL, and the DESIGN.md invariants checked after each.
const stack = new SagaStack();
const client = new SagaClient(stack);

const historyTypes = (order: { history: { type: string }[] }) => order.history.map((entry) => entry.type);

describe('saga outcomes', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(async () => {
    await stack.stop();
    printTimings('saga outcomes');
  }, 60_000);

  it('completes a paid, shippable order: PENDING → RESERVED → PAID → COMPLETED', async () => {
    const orderId = await client.placeOrder({ items: [{ sku: 'TSHIRT-M', quantity: 2 }] });
    const order = await client.waitForTerminal(orderId);
    recordTiming('COMPLETED', order);
    expect(order).toMatchObject({ status: 'COMPLETED', currency: 'EUR' });
    expect(order.totalCents).toBeGreaterThan(0);
    expect(historyTypes(order)).toEqual(
      expect.arrayContaining(['OrderPlaced', 'InventoryReserved', 'PaymentCaptured', 'FulfilmentShipped']),
    );
    await expectSagaInvariants([orderId]);
  });

  it('cancels with OUT_OF_STOCK when a line cannot be reserved, and reserves nothing', async () => {
    await client.setStock('POSTER-A2', 1);
    const orderId = await client.placeOrder({ items: [{ sku: 'POSTER-A2', quantity: 2 }] });
    const order = await client.waitForTerminal(orderId);
    recordTiming('OUT_OF_STOCK', order);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'OUT_OF_STOCK' });
    expect(await client.product('POSTER-A2')).toMatchObject({ available: 1, reserved: 0 });
    await expectSagaInvariants([orderId]);
  });

  it('cancels with PAYMENT_DECLINED and releases the reserved stock', async () => {
    const before = await client.product('MUG-CLASSIC');
    const orderId = await client.placeOrder({
      items: [{ sku: 'MUG-CLASSIC', quantity: 3 }],
      paymentMethod: 'card_declined',
    });
    const order = await client.waitForTerminal(orderId);
    recordTiming('PAYMENT_DECLINED', order);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED' });
    await client.waitForHistory(orderId, ['InventoryReleased']);
    await expectSagaInvariants([orderId]);
    expect(await client.product('MUG-CLASSIC')).toMatchObject({
      available: before.available,
      reserved: before.reserved,
    });
  });

  it('completes with card_flaky after the gateway failed twice and the payment was retried', async () => {
    const orderId = await client.placeOrder({ paymentMethod: 'card_flaky' });
    const order = await client.waitForTerminal(orderId);
    recordTiming('card_flaky COMPLETED', order);
    expect(order.status).toBe('COMPLETED');
    await expectSagaInvariants([orderId]);
  });

  it('cancels with FULFILMENT_FAILED for destination AQ, refunding and releasing', async () => {
    const before = await client.product('HOODIE-L');
    const orderId = await client.placeOrder({ items: [{ sku: 'HOODIE-L', quantity: 1 }], country: 'AQ' });
    const order = await client.waitForTerminal(orderId);
    recordTiming('FULFILMENT_FAILED', order);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'FULFILMENT_FAILED' });
    await client.waitForHistory(orderId, ['PaymentRefunded', 'InventoryReleased']);
    await expectSagaInvariants([orderId]);
    expect(await client.product('HOODIE-L')).toMatchObject({
      available: before.available,
      reserved: before.reserved,
    });
  });

  it('lets exactly 10 of 100 orders racing for 10 units succeed, overselling nothing', async () => {
    await client.setStock('CAP-BLUE', 10);
    const orderIds = await Promise.all(
      Array.from({ length: 100 }, () => client.placeOrder({ items: [{ sku: 'CAP-BLUE', quantity: 1 }] })),
    );
    const orders = await Promise.all(orderIds.map((orderId) => client.waitForTerminal(orderId, 120_000)));
    const completed = orders.filter((order) => order.status === 'COMPLETED');
    expect(completed).toHaveLength(10);
    expect(orders.filter((order) => order.reason === 'OUT_OF_STOCK')).toHaveLength(90);
    expect(await client.product('CAP-BLUE')).toMatchObject({ available: 0, reserved: 0 });
    await expectSagaInvariants(orderIds);
  }, 180_000);
});
