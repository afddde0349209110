import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WriteConflict } from '@saga-shop/messaging';
import {
  cancelled,
  declined,
  fulfilmentFailed,
  InventoryHarness,
  placed,
  shipped,
} from './inventory-harness.js';
import { RowLockHolder, waitUntilBlockedBy } from '@saga-shop/testing';

// Many events in one transaction, as the consumer commits a fetch, and batches racing each other.
let inventory: InventoryHarness;

const topicsOf = async (orderId: string) =>
  (await inventory.outcome(orderId)).emitted.map((row) => row.topic);

describe('inventory batches (real PostgreSQL)', () => {
  beforeAll(async () => {
    inventory = await InventoryHarness.open(10);
  });

  afterAll(async () => {
    await inventory.close();
  });

  it('reserves the first 10 of 20 orders in one batch for 10 units, in offset order, one answer each', async () => {
    const sku = await inventory.stocked(10);
    const orders = Array.from({ length: 20 }, () => placed([{ sku, quantity: 1 }]));
    expect(await inventory.handle(...orders)).toEqual({ applied: 20, duplicates: 0 });
    const statuses = await inventory.statusesOf(orders.map((event) => event.orderId));
    expect(statuses).toEqual([...Array<string>(10).fill('LIVE'), ...Array<string>(10).fill('REJECTED')]);
    expect(await inventory.stockOf(sku)).toEqual({ available: 0, reserved: 10 });
    const answers = await Promise.all(orders.map((event) => topicsOf(event.orderId)));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(['inventory.reserved.v1']));
    expect(answers.slice(10)).toEqual(Array(10).fill(['inventory.rejected.v1']));
  });

  it('rejects an order whose order.cancelled comes before its order.placed in the same batch', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 2 }]);
    await inventory.handle(cancelled(event.orderId), event);
    expect(await inventory.outcome(event.orderId)).toEqual({
      status: 'REJECTED',
      emitted: [
        {
          topic: 'inventory.rejected.v1',
          payload: { orderId: event.orderId, reason: 'ORDER_CANCELLED', unavailable: [] },
        },
      ],
    });
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
  });

  it('keeps the reservation of an order.placed followed by its order.cancelled in one batch', async () => {
    // The cancellation alone releases nothing: payment.declined or fulfilment.failed will.
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 2 }]);
    await inventory.handle(event, cancelled(event.orderId));
    expect((await inventory.outcome(event.orderId)).status).toBe('LIVE');
    expect(await inventory.stockOf(sku)).toEqual({ available: 8, reserved: 2 });
  });

  it('reserves and releases an order in one batch: inserted RELEASED, its stock back', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 4 }]);
    await inventory.handle(event, declined(event.orderId));
    expect((await inventory.outcome(event.orderId)).status).toBe('RELEASED');
    expect(await topicsOf(event.orderId)).toEqual(['inventory.reserved.v1', 'inventory.released.v1']);
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
  });

  it('applies an event listed twice in one batch once, and a redelivered batch not at all', async () => {
    const sku = await inventory.stocked(10);
    const [first, second] = [placed([{ sku, quantity: 1 }]), placed([{ sku, quantity: 2 }])];
    expect(await inventory.handle(first, second, first)).toEqual({ applied: 2, duplicates: 1 });
    expect(await inventory.handle(first, second)).toEqual({ applied: 0, duplicates: 2 });
    expect(await inventory.stockOf(sku)).toEqual({ available: 7, reserved: 3 });
    expect(await topicsOf(first.orderId)).toEqual(['inventory.reserved.v1']);
  });

  it('moves one SKU through several orders of one batch on the same counters (no lost update)', async () => {
    const sku = await inventory.stocked(10);
    const [a, b, c] = [
      placed([{ sku, quantity: 3 }]),
      placed([{ sku, quantity: 3 }]),
      placed([{ sku, quantity: 3 }]),
    ];
    await inventory.handle(a, b);
    await inventory.handle(c, declined(a.orderId), shipped(b.orderId), fulfilmentFailed(c.orderId));
    expect(await inventory.statusesOf([a.orderId, b.orderId, c.orderId])).toEqual([
      'RELEASED',
      'SOLD',
      'RELEASED',
    ]);
    expect(await inventory.stockOf(sku)).toEqual({ available: 7, reserved: 0 });
  });

  it('gives a new order one answer when two batches race to insert it: the loser throws WriteConflict', async () => {
    const sku = await inventory.stocked(10);
    const event = placed([{ sku, quantity: 2 }]);
    // Hold the product row, so the placing batch stops after finding no reservation for the order.
    const holder = await RowLockHolder.lock(
      inventory.pool,
      'SELECT sku FROM products WHERE sku = $1 FOR UPDATE',
      [sku],
    );
    let placing: Promise<unknown> | undefined;
    try {
      placing = inventory.handle(event).catch((error: unknown) => error);
      await waitUntilBlockedBy(inventory.pool, holder.pid);
      // Meanwhile a batch with the order's cancellation inserts its CLOSED tombstone and commits.
      expect(await inventory.handle(cancelled(event.orderId))).toEqual({ applied: 1, duplicates: 0 });
    } finally {
      await holder.release();
    }
    expect(await placing).toBeInstanceOf(WriteConflict);
    expect(await inventory.outcome(event.orderId)).toEqual({ status: 'CLOSED', emitted: [] });
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
    // The consumer's retry decides again on the winner's row: rejected, nothing reserved.
    expect(await inventory.handle(event)).toEqual({ applied: 1, duplicates: 0 });
    expect(await inventory.outcome(event.orderId)).toMatchObject({ status: 'REJECTED' });
    expect(await topicsOf(event.orderId)).toEqual(['inventory.rejected.v1']);
    expect(await inventory.stockOf(sku)).toEqual({ available: 10, reserved: 0 });
  });

  it('conserves stock: the ledger adds up to available + LIVE + SOLD through reserve, release, sell and restock', async () => {
    const sku = await inventory.stocked(20);
    const [a, b, c, d] = [
      placed([{ sku, quantity: 5 }]),
      placed([{ sku, quantity: 3 }]),
      placed([{ sku, quantity: 4 }]),
      placed([{ sku, quantity: 2 }]),
    ];
    await inventory.handle(a, b, c);
    await inventory.handle(declined(b.orderId), shipped(c.orderId));
    expect(await inventory.ledgerOf(sku)).toEqual({
      ledger: 20,
      available: 11,
      reserved: 5,
      live: 5,
      sold: 4,
    });
    expect(await inventory.restock(sku, 30)).toMatchObject({ available: 30, reserved: 5 });
    await inventory.handle(d, fulfilmentFailed(a.orderId));
    expect(await inventory.ledgerOf(sku)).toEqual({
      ledger: 39,
      available: 33,
      reserved: 2,
      live: 2,
      sold: 4,
    });
    // A stock count below what was there is a negative adjustment.
    await inventory.restock(sku, 10);
    expect(await inventory.ledgerOf(sku)).toEqual({
      ledger: 16,
      available: 10,
      reserved: 2,
      live: 2,
      sold: 4,
    });
    expect(await inventory.restock('NO-SUCH-SKU', 10)).toBeUndefined();
  });

  // Runs last: nothing above left a product whose counters or ledger disagree with its reservations.
  it('leaves every product balanced: reserved == LIVE, ledger == available + LIVE + SOLD', async () => {
    expect(await inventory.stockDrift()).toEqual([]);
  });
});
