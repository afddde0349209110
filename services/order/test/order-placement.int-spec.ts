import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { events } from '@saga-shop/contracts';
import { OrderHarness } from './order-harness.js';
import { orderRequest, reserved } from './order-inputs.js';

// POST /orders without HTTP: placeOrder on a real TransactionRunner against the migrated schema.
let orders: OrderHarness;

/** The id of the transaction that last wrote the order row and its order.placed outbox row. */
const writersOf = async (orderId: string) => {
  const { rows } = await orders.pool.query<{ order: string; outbox: string }>(
    `SELECT o.xmin::text AS order, x.xmin::text AS outbox
       FROM orders o JOIN outbox x ON x.message_key = o.id::text WHERE o.id = $1`,
    [orderId],
  );
  return rows;
};

describe('placing an order (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
  });

  afterAll(async () => {
    await orders.close();
  });

  it('writes the order PENDING, its OrderPlaced entry and one order.placed.v1 row in one transaction', async () => {
    const request = orderRequest('customer-placing');
    const result = await orders.place(request, 'key-placing');
    if (result.kind !== 'placed') throw new Error(`placed nothing: ${result.kind}`);
    expect(result.status).toBe('PENDING');
    const { orderId } = result;

    expect(await orders.orderOf(orderId)).toEqual({
      status: 'PENDING',
      reason: null,
      cancellationRequested: null,
      totalCents: null,
      currency: null,
      terminal: false,
    });
    expect(await orders.historyOf(orderId)).toEqual([{ type: 'OrderPlaced', detail: { status: 'PENDING' } }]);
    const emitted = await orders.emitted(orderId);
    expect(emitted).toEqual([
      {
        topic: 'order.placed.v1',
        payload: { orderId, ...request, placedAt: expect.any(String) },
      },
    ]);
    expect(events['order.placed.v1'].schema.safeParse(emitted[0]?.payload).error).toBeUndefined();
    // One writer for both rows: the order and its event commit together.
    const [writers] = await writersOf(orderId);
    expect(writers?.order).toBe(writers?.outbox);
  });

  it('writes neither the order nor its history when its order.placed.v1 row cannot be written', async () => {
    const [before, historyBefore] = [
      await orders.countRows('orders'),
      await orders.countRows('order_history'),
    ];
    // A real constraint the outbox insert (just before COMMIT) breaks; existing rows stay valid.
    await orders.pool.query(
      `ALTER TABLE outbox ADD CONSTRAINT refuse_order_placed CHECK (topic <> 'order.placed.v1') NOT VALID`,
    );
    try {
      await expect(orders.place(orderRequest('customer-refused'), 'key-refused')).rejects.toMatchObject({
        code: '23514',
      });
    } finally {
      await orders.pool.query('ALTER TABLE outbox DROP CONSTRAINT refuse_order_placed');
    }
    expect([await orders.countRows('orders'), await orders.countRows('order_history')]).toEqual([
      before,
      historyBefore,
    ]);
    // Nothing was written, so the customer's retry with the same key places the order.
    expect(await orders.place(orderRequest('customer-refused'), 'key-refused')).toMatchObject({
      kind: 'placed',
    });
  });

  it('replays the same order for the same Idempotency-Key and body, with its current status', async () => {
    const request = orderRequest('customer-replaying');
    const first = await orders.place(request, 'key-replay');
    if (first.kind !== 'placed') throw new Error(`placed nothing: ${first.kind}`);
    expect(await orders.place(structuredClone(request), 'key-replay')).toEqual({
      kind: 'replayed',
      orderId: first.orderId,
      status: 'PENDING',
    });
    await orders.handle(reserved(first.orderId));
    expect(await orders.place(request, 'key-replay')).toEqual({
      kind: 'replayed',
      orderId: first.orderId,
      status: 'RESERVED',
    });
    expect(await orders.ordersOfCustomer('customer-replaying')).toEqual([first.orderId]);
    expect(await orders.topicsOf(first.orderId)).toEqual(['order.placed.v1']);
  });

  it('refuses the same Idempotency-Key with another body, writing nothing', async () => {
    const first = await orders.place(orderRequest('customer-reusing'), 'key-reused');
    const outboxBefore = await orders.countRows('outbox');
    const otherBody = orderRequest('customer-reusing', { paymentMethod: 'card_declined' });
    expect(await orders.place(otherBody, 'key-reused')).toEqual({ kind: 'key-reused-with-another-body' });
    expect(await orders.ordersOfCustomer('customer-reusing')).toEqual([
      first.kind === 'placed' ? first.orderId : 'none',
    ]);
    expect(await orders.countRows('outbox')).toBe(outboxBefore);
  });

  it('scopes Idempotency-Keys per customer: two customers with one key get two orders', async () => {
    const alice = await orders.place(orderRequest('customer-alice'), 'key-shared');
    const bob = await orders.place(orderRequest('customer-bob'), 'key-shared');
    expect([alice.kind, bob.kind]).toEqual(['placed', 'placed']);
    const [aliceOrders, bobOrders] = [
      await orders.ordersOfCustomer('customer-alice'),
      await orders.ordersOfCustomer('customer-bob'),
    ];
    expect(aliceOrders).toHaveLength(1);
    expect(bobOrders).toHaveLength(1);
    expect(aliceOrders).not.toEqual(bobOrders);
    // Bob with Alice's key and body replays his own order, never hers.
    expect(await orders.place(orderRequest('customer-bob'), 'key-shared')).toMatchObject({
      kind: 'replayed',
      orderId: bobOrders[0],
    });
  });

  it('places a new order for every request without an Idempotency-Key, even with one body', async () => {
    const request = orderRequest('customer-keyless');
    const [first, second] = [await orders.place(request), await orders.place(request)];
    expect([first.kind, second.kind]).toEqual(['placed', 'placed']);
    expect(await orders.ordersOfCustomer('customer-keyless')).toHaveLength(2);
  });

  it('answers the loser of two requests racing with one key with the winner order, not a second one', async () => {
    const request = orderRequest('customer-racing');
    // The winner's transaction stays open after its insert, so the loser finds no order to replay,
    // inserts, and waits on the unique (customer, key) index until the winner commits.
    const winner = await orders.placeHeldOpen(request, 'key-race');
    const loser = orders.place(request, 'key-race');
    await orders.waitUntilBlockedBy(winner.pid);
    const [won, lost] = [await winner.commit(), await loser];
    if (won.kind !== 'placed') throw new Error(`placed nothing: ${won.kind}`);
    expect(lost).toEqual({ kind: 'replayed', orderId: won.orderId, status: 'PENDING' });
    expect(await orders.ordersOfCustomer('customer-racing')).toEqual([won.orderId]);
    expect(await orders.topicsOf(won.orderId)).toEqual(['order.placed.v1']);
  });

  it('refuses the loser of the race when its body differs from the winner', async () => {
    const winner = await orders.placeHeldOpen(orderRequest('customer-racing-2'), 'key-race');
    const loser = orders.place(
      orderRequest('customer-racing-2', { paymentMethod: 'card_flaky' }),
      'key-race',
    );
    await orders.waitUntilBlockedBy(winner.pid);
    const won = await winner.commit();
    expect(await loser).toEqual({ kind: 'key-reused-with-another-body' });
    expect(await orders.ordersOfCustomer('customer-racing-2')).toEqual([
      won.kind === 'placed' ? won.orderId : 'none',
    ]);
  });
});
