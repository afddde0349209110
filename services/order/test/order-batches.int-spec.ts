import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySagaEvent } from '@saga-shop/contracts';
import { OrderHarness } from './order-harness.js';
import {
  captured,
  declined,
  fulfilmentFailed,
  refunded,
  rejected,
  reserved,
  shipped,
} from './order-inputs.js';

// Redelivered events, and many orders in one transaction as the consumer commits a fetch.
let orders: OrderHarness;

/** An order's status, reason, total and history, without what differs between two runs (ids, times). */
async function stateOf(orderId: string) {
  const history = (await orders.historyOf(orderId)).map(({ type, detail }) => ({
    type,
    facts: Object.entries(detail ?? {}).filter(([key]) => key !== 'eventId'),
  }));
  return { ...(await orders.orderOf(orderId)), history };
}

/** Four saga runs, 10 events per four orders: completed, out of stock, declined, failed and refunded. */
const sagaRuns: ((orderId: string) => AnySagaEvent[])[] = [
  (id) => [reserved(id, 1000), captured(id), shipped(id)],
  (id) => [rejected(id, 'OUT_OF_STOCK')],
  (id) => [reserved(id, 2000), declined(id)],
  (id) => [reserved(id, 3000), captured(id), fulfilmentFailed(id), refunded(id)],
];

/** Each order's events in saga order, interleaved across orders as partitions of one fetch are. */
function interleaved(orderIds: string[]): AnySagaEvent[] {
  const perOrder = orderIds.map((id, index) => sagaRuns[index % sagaRuns.length]?.(id) ?? []);
  const longest = Math.max(...perOrder.map((events) => events.length));
  return Array.from({ length: longest }, (_, step) =>
    perOrder.flatMap((events) => events[step] ?? []),
  ).flat();
}

describe('order batches (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
  });

  afterAll(async () => {
    await orders.close();
  });

  it('applies an event redelivered in a later batch once: the inbox skips it, history stays single', async () => {
    const orderId = await orders.placed();
    const reservation = reserved(orderId, 4200);
    expect(await orders.handle(reservation)).toEqual({ applied: 1, duplicates: 0 });
    expect(await orders.handle(reservation)).toEqual({ applied: 0, duplicates: 1 });
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'RESERVED', totalCents: 4200 });
    expect((await orders.historyOf(orderId)).map((entry) => entry.type)).toEqual([
      'OrderPlaced',
      'InventoryReserved',
    ]);
  });

  it('applies an event listed twice in one batch once, beside the events it travels with', async () => {
    const orderId = await orders.placed();
    const [reservation, capture] = [reserved(orderId), captured(orderId)];
    expect(await orders.handle(reservation, capture, reservation, capture)).toEqual({
      applied: 2,
      duplicates: 2,
    });
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'PAID' });
    expect((await orders.historyOf(orderId)).map((entry) => entry.type)).toEqual([
      'OrderPlaced',
      'InventoryReserved',
      'PaymentCaptured',
    ]);
  });

  it('records a redelivered terminal event once, keeping the first terminal time', async () => {
    const orderId = await orders.placed();
    const failure = declined(orderId);
    await orders.handle(reserved(orderId), failure);
    const cancelledAt = await orders.terminalAtOf(orderId);
    expect(await orders.handle(failure)).toEqual({ applied: 0, duplicates: 1 });
    expect(await orders.terminalAtOf(orderId)).toBe(cancelledAt);
    expect(await orders.historyOf(orderId)).toHaveLength(3);
  });

  it('walks 20 orders through 50 events in one batch to the state applying them one by one gives', async () => {
    const [together, oneByOne] = [
      await Promise.all(Array.from({ length: 20 }, () => orders.placed())),
      await Promise.all(Array.from({ length: 20 }, () => orders.placed())),
    ];
    const batch = interleaved(together);
    expect(batch).toHaveLength(50);
    expect(await orders.handle(...batch)).toEqual({ applied: 50, duplicates: 0 });
    for (const event of interleaved(oneByOne)) await orders.handle(event);

    const [inBatch, alone] = [
      await Promise.all(together.map(stateOf)),
      await Promise.all(oneByOne.map(stateOf)),
    ];
    expect(inBatch).toEqual(alone);
    // And that state is each run's own outcome, not the same mistake twice.
    expect(inBatch.map(({ status, reason, totalCents }) => [status, reason, totalCents])).toEqual(
      together.map(
        (_, index) =>
          [
            ['COMPLETED', null, 1000],
            ['CANCELLED', 'OUT_OF_STOCK', null],
            ['CANCELLED', 'PAYMENT_DECLINED', 2000],
            ['CANCELLED', 'FULFILMENT_FAILED', 3000],
          ][index % sagaRuns.length],
      ),
    );
    expect(inBatch[3]?.history.map((entry) => entry.type)).toEqual([
      'OrderPlaced',
      'InventoryReserved',
      'PaymentCaptured',
      'FulfilmentFailed',
      'PaymentRefunded',
    ]);
  });
});
