import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { events } from '@saga-shop/contracts';
import {
  cancelled,
  declined,
  fulfilmentFailed,
  InventoryHarness,
  placed,
  shipped,
} from './inventory-harness.js';

// The reactions against the real migrated schema, one event per batch, committed as the consumer does.
let inventory: InventoryHarness;

const rejection = (orderId: string, reason: string, unavailable: unknown[]) => ({
  status: 'REJECTED',
  emitted: [{ topic: 'inventory.rejected.v1', payload: { orderId, reason, unavailable } }],
});

describe('inventory reactions (real PostgreSQL)', () => {
  beforeAll(async () => {
    inventory = await InventoryHarness.open(10);
  });

  afterAll(async () => {
    await inventory.close();
  });

  it('reserves every line at catalog prices and forwards the total, payment method and address', async () => {
    const event = placed([
      { sku: 'TSHIRT-M', quantity: 2 },
      { sku: 'MUG-CLASSIC', quantity: 1 },
    ]);
    expect(await inventory.handle(event)).toEqual({ applied: 1, duplicates: 0 });
    expect(await inventory.stockOf('TSHIRT-M')).toEqual({ available: 998, reserved: 2 });
    expect(await inventory.stockOf('MUG-CLASSIC')).toEqual({ available: 999, reserved: 1 });
    expect(await inventory.outcome(event.orderId)).toEqual({
      status: 'LIVE',
      emitted: [
        {
          topic: 'inventory.reserved.v1',
          payload: {
            orderId: event.orderId,
            lines: [
              { sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1500 },
              { sku: 'MUG-CLASSIC', quantity: 1, unitPriceCents: 1200 },
            ],
            totalCents: 4200,
            currency: 'EUR',
            paymentMethod: event.data.paymentMethod,
            shippingAddress: event.data.shippingAddress,
          },
        },
      ],
    });
  });

  it('changes nothing when the same order.placed is delivered twice', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 3 }]);
    expect(await inventory.handle(event)).toEqual({ applied: 1, duplicates: 0 });
    expect(await inventory.handle(event)).toEqual({ applied: 0, duplicates: 1 });
    expect(await inventory.stockOf(sku)).toEqual({ available: 7, reserved: 3 });
    expect((await inventory.outcome(event.orderId)).emitted).toHaveLength(1);
  });

  it('rejects an unknown SKU as UNKNOWN_SKU, reporting it with 0 available', async () => {
    const event = placed([{ sku: 'NO-SUCH-SKU', quantity: 1 }]);
    await inventory.handle(event);
    expect(await inventory.outcome(event.orderId)).toEqual(
      rejection(event.orderId, 'UNKNOWN_SKU', [{ sku: 'NO-SUCH-SKU', requested: 1, available: 0 }]),
    );
  });

  it('rejects the whole order as OUT_OF_STOCK when one of two lines is short, moving no stock', async () => {
    const [plenty, scarce] = [await inventory.stocked(10), await inventory.stocked(1)];
    const event = placed([
      { sku: plenty, quantity: 2 },
      { sku: scarce, quantity: 2 },
    ]);
    await inventory.handle(event);
    expect(await inventory.stockOf(plenty)).toEqual({ available: 10, reserved: 0 });
    expect(await inventory.stockOf(scarce)).toEqual({ available: 1, reserved: 0 });
    expect(await inventory.outcome(event.orderId)).toEqual(
      rejection(event.orderId, 'OUT_OF_STOCK', [{ sku: scarce, requested: 2, available: 1 }]),
    );
  });

  it('releases a live reservation once when payment is declined, however often it is told', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 4 }]);
    await inventory.handle(event);
    await inventory.handle(declined(event.orderId));
    await inventory.handle(declined(event.orderId));
    await inventory.handle(fulfilmentFailed(event.orderId));
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    const { status, emitted } = await inventory.outcome(event.orderId);
    expect(status).toBe('RELEASED');
    expect(emitted.map((row) => row.topic)).toEqual(['inventory.reserved.v1', 'inventory.released.v1']);
    expect(emitted[1]?.payload).toEqual({
      orderId: event.orderId,
      lines: [{ sku, quantity: 4 }],
      cause: 'PAYMENT_DECLINED',
    });
  });

  it.each([
    [
      'ORDER_CANCELLED',
      'payment.declined(ORDER_CANCELLED)',
      (id: string) => inventory.handle(declined(id, 'ORDER_CANCELLED')),
    ],
    ['FULFILMENT_FAILED', 'fulfilment.failed', (id: string) => inventory.handle(fulfilmentFailed(id))],
  ])('releases with cause %s when %s arrives', async (cause, _event, compensate) => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 1 }]);
    await inventory.handle(event);
    await compensate(event.orderId);
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    const { emitted } = await inventory.outcome(event.orderId);
    expect(emitted[1]).toMatchObject({ topic: 'inventory.released.v1', payload: { cause } });
  });

  it.each([
    ['payment.declined', (id: string) => inventory.handle(declined(id))],
    ['fulfilment.failed', (id: string) => inventory.handle(fulfilmentFailed(id))],
    ['order.cancelled', (id: string) => inventory.handle(cancelled(id))],
  ])('rejects a late order.placed after %s closed the order, moving no stock', async (_event, closeFirst) => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 5 }]);
    await closeFirst(event.orderId);
    expect(await inventory.outcome(event.orderId)).toEqual({ status: 'CLOSED', emitted: [] });
    await inventory.handle(event);
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    expect(await inventory.outcome(event.orderId)).toEqual(rejection(event.orderId, 'ORDER_CANCELLED', []));
  });

  it('turns a shipped reservation into a sale: reserved goes down, available stays, nothing emitted', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 3 }]);
    await inventory.handle(event);
    await inventory.handle(shipped(event.orderId));
    // Late compensations and a second shipped are no-ops on a sale.
    await inventory.handle(shipped(event.orderId));
    await inventory.handle(declined(event.orderId));
    await inventory.handle(cancelled(event.orderId));
    expect(await inventory.stockOf(sku)).toEqual({ available: 7, reserved: 0 });
    const { status, emitted } = await inventory.outcome(event.orderId);
    expect({ status, topics: emitted.map((row) => row.topic) }).toEqual({
      status: 'SOLD',
      topics: ['inventory.reserved.v1'],
    });
  });

  it('prices two lines of 1000 of one SKU as two lines, so inventory.reserved keeps its own contract', async () => {
    const sku = await inventory.stocked(5_000);
    const event = placed([
      { sku, quantity: 1_000 },
      { sku, quantity: 1_000 },
    ]);
    // A reserved event breaking its schema would throw ProducerContractViolation here.
    expect(await inventory.handle(event)).toEqual({ applied: 1, duplicates: 0 });
    const { status, emitted } = await inventory.outcome(event.orderId);
    expect({ status, topics: emitted.map((row) => row.topic) }).toEqual({
      status: 'LIVE',
      topics: ['inventory.reserved.v1'],
    });
    expect(events['inventory.reserved.v1'].schema.safeParse(emitted[0]?.payload).error).toBeUndefined();
    expect(emitted[0]?.payload).toMatchObject({
      lines: [
        { sku, quantity: 1_000, unitPriceCents: 500 },
        { sku, quantity: 1_000, unitPriceCents: 500 },
      ],
      totalCents: 1_000_000,
    });
    expect(await inventory.stockOf(sku)).toEqual({ available: 3_000, reserved: 2_000 });
  });

  it('reserves exactly 10 of 100 concurrent one-order batches for 10 units, overselling nothing', async () => {
    const sku = await inventory.stocked(10);
    const orders = Array.from({ length: 100 }, () => placed([{ sku, quantity: 1 }]));
    await Promise.all(orders.map((event) => inventory.handle(event)));
    const statuses = await inventory.statusesOf(orders.map((event) => event.orderId));
    const count = (status: string) => statuses.filter((known) => known === status).length;
    expect({ live: count('LIVE'), rejected: count('REJECTED') }).toEqual({ live: 10, rejected: 90 });
    expect(await inventory.stockOf(sku)).toEqual({ available: 0, reserved: 10 });
  });

  // Runs last: whatever the tests above did, every product's reserved stock is what LIVE
  // reservations hold, and its ledger adds up to available + LIVE + SOLD.
  it('keeps reserved equal to LIVE reservations and the stock ledger balanced for every product', async () => {
    expect(await inventory.stockDrift()).toEqual([]);
  });
});
