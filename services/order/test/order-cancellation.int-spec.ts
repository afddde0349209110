import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { events, type AnySagaEvent } from '@saga-shop/contracts';
import { OrderHarness } from './order-harness.js';
import {
  captured,
  declined,
  fulfilmentFailed,
  refunded,
  rejected,
  released,
  reserved,
  shipped,
} from './order-inputs.js';

// A customer's POST /orders/{id}/cancel without HTTP: requestCancellation in its own transaction,
// then the saga's answer to the order.cancelled.v1 it announced.
let orders: OrderHarness;

/** An order of `customerId` that the saga has taken as far as `answers` go. */
async function orderAt(answers: (orderId: string) => AnySagaEvent[], customerId = 'customer-42') {
  const orderId = await orders.placed(customerId);
  for (const event of answers(orderId)) await orders.handle(event);
  return orderId;
}

const atPending = () => [];
const atReserved = (id: string) => [reserved(id)];
const atPaid = (id: string) => [reserved(id), captured(id)];

describe('customer cancellation (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
  });

  afterAll(async () => {
    await orders.close();
  });

  it.each([
    ['PENDING', atPending],
    ['RESERVED', atReserved],
    ['PAID', atPaid],
  ])(
    'accepts a cancellation at %s and announces order.cancelled.v1 once, however often asked',
    async (status, saga) => {
      const orderId = await orderAt(saga);
      expect(await orders.cancel(orderId)).toEqual({ kind: 'accepted', status });
      expect(await orders.cancel(orderId)).toEqual({ kind: 'accepted', status });

      // The order stays where it is until the saga answers; only the request is recorded.
      expect(await orders.orderOf(orderId)).toMatchObject({
        status,
        reason: null,
        cancellationRequested: 'CUSTOMER_CANCELLED',
      });
      const emitted = await orders.emitted(orderId);
      expect(emitted.map((row) => row.topic)).toEqual(['order.placed.v1', 'order.cancelled.v1']);
      expect(emitted[1]?.payload).toEqual({
        orderId,
        reason: 'CUSTOMER_CANCELLED',
        cancelledAt: expect.any(String),
      });
      expect(events['order.cancelled.v1'].schema.safeParse(emitted[1]?.payload).error).toBeUndefined();
      const requests = (await orders.historyOf(orderId)).filter(
        (entry) => entry.type === 'CancellationRequested',
      );
      expect(requests).toEqual([{ type: 'CancellationRequested', detail: { reason: 'CUSTOMER_CANCELLED' } }]);
    },
  );

  it.each([
    ['PENDING', 'inventory.rejected', atPending, (id: string) => [rejected(id, 'ORDER_CANCELLED')]],
    ['RESERVED', 'payment.declined', atReserved, (id: string) => [declined(id, 'ORDER_CANCELLED')]],
    [
      'PAID',
      'fulfilment.failed',
      atPaid,
      (id: string) => [fulfilmentFailed(id, 'ORDER_CANCELLED'), refunded(id, 'ORDER_CANCELLED')],
    ],
  ])(
    'cancels an order asked at %s when %s answers ORDER_CANCELLED: CUSTOMER_CANCELLED',
    async (_s, _e, saga, answer) => {
      const orderId = await orderAt(saga);
      await orders.cancel(orderId);
      for (const event of answer(orderId)) await orders.handle(event);
      expect(await orders.orderOf(orderId)).toMatchObject({
        status: 'CANCELLED',
        reason: 'CUSTOMER_CANCELLED',
        terminal: true,
      });
    },
  );

  it('keeps the real cause when a step fails on its own after the customer asked to cancel', async () => {
    const orderId = await orderAt(atReserved);
    await orders.cancel(orderId);
    await orders.handle(declined(orderId, 'CARD_DECLINED'));
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED' });
  });

  it('lets a shipment win over a cancellation asked at PAID: the order completes', async () => {
    const orderId = await orderAt(atPaid);
    await orders.cancel(orderId);
    await orders.handle(shipped(orderId));
    expect(await orders.orderOf(orderId)).toMatchObject({
      status: 'COMPLETED',
      reason: null,
      cancellationRequested: 'CUSTOMER_CANCELLED',
    });
    expect(await orders.cancel(orderId)).toEqual({ kind: 'too-late', status: 'COMPLETED' });
  });

  it.each([
    ['COMPLETED', (id: string) => [reserved(id), captured(id), shipped(id)]],
    ['CANCELLED', (id: string) => [reserved(id), declined(id), released(id, 'PAYMENT_DECLINED')]],
  ])('refuses to cancel a %s order (too late), announcing nothing', async (status, saga) => {
    const orderId = await orderAt(saga);
    expect(await orders.cancel(orderId)).toEqual({ kind: 'too-late', status });
    expect(await orders.orderOf(orderId)).toMatchObject({ status, cancellationRequested: null });
    expect(await orders.topicsOf(orderId)).toEqual(['order.placed.v1']);
    expect((await orders.historyOf(orderId)).map((entry) => entry.type)).not.toContain(
      'CancellationRequested',
    );
  });

  it("hides another customer's order as not found, changing nothing; its owner may cancel it", async () => {
    const orderId = await orderAt(atReserved, 'customer-owner');
    expect(await orders.cancel(orderId, 'customer-other')).toEqual({ kind: 'not-found' });
    expect(await orders.orderOf(orderId)).toMatchObject({ cancellationRequested: null });
    expect(await orders.topicsOf(orderId)).toEqual(['order.placed.v1']);
    expect(await orders.cancel(orderId, 'customer-owner')).toEqual({
      kind: 'accepted',
      status: 'RESERVED',
    });
  });

  it('answers an order that does not exist as not found, for staff (no owner) too', async () => {
    expect(await orders.cancel(randomUUID())).toEqual({ kind: 'not-found' });
    expect(await orders.cancel(randomUUID(), 'customer-42')).toEqual({ kind: 'not-found' });
  });
});
