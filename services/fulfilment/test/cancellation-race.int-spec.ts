import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WriteConflict } from '@saga-shop/messaging';
import { cancelled, captured, FulfilmentHarness, Pause } from './fulfilment-harness.js';
import { RowLockHolder, waitUntilBlockedBy } from '@saga-shop/testing';

// Review finding 2: a cancellation racing the packing dispatcher must never ship and refund one
// order. Both interleavings are forced against real PostgreSQL by holding the order's decision
// row on a connection of our own until the racing transactions wait where we want them.
let fulfilment: FulfilmentHarness;

const lockDecision = 'SELECT order_id FROM fulfilment_decisions WHERE order_id = $1 FOR UPDATE';

/** What became of a racing transaction, settled at once so a failed test leaves nothing unhandled. */
const settled = (work: Promise<unknown>) =>
  work.then(
    () => 'committed',
    (error: Error) => `failed: ${error.message}`,
  );

/** `work`'s result, or 'still waiting' if it has none after `ms` (a wait that must not happen). */
const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);

/** A PACKING shipment whose packing time is over, so the next dispatchDue takes it. */
async function packedAndDue(): Promise<string> {
  const capture = captured();
  await fulfilment.handle([capture], 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return capture.orderId;
}

describe('cancellation racing the packing dispatcher (forced interleavings, real PostgreSQL)', () => {
  beforeAll(async () => {
    fulfilment = await FulfilmentHarness.open();
  });

  afterAll(async () => {
    await fulfilment.close();
  });

  it('ships and never fails an order whose cancellation waits for the dispatch holding its shipment', async () => {
    const orderId = await packedAndDue();
    const holder = await RowLockHolder.lock(fulfilment.pool, lockDecision, [orderId]);
    const racing: Promise<string>[] = [];
    try {
      // The dispatcher locks the shipment, marks it SHIPPED, then waits for the decision row.
      racing.push(settled(fulfilment.dispatcher.dispatchDue()));
      const dispatcherPid = await waitUntilBlockedBy(fulfilment.pool, holder.pid);
      // The cancellation's batch must then wait for the dispatcher's shipment lock.
      racing.push(settled(fulfilment.handle([cancelled(orderId)])));
      await waitUntilBlockedBy(fulfilment.pool, dispatcherPid);
    } finally {
      await holder.release();
    }
    expect(await Promise.all(racing)).toEqual(['committed', 'committed']);

    const shipmentId = await fulfilment.shipmentIdOf(orderId);
    const { shipments, decision, emitted } = await fulfilment.outcome(orderId);
    expect({ shipments, decision }).toEqual({ shipments: ['SHIPPED'], decision: 'SHIPPED' });
    // One outcome: the dispatch's fulfilment.shipped, which the cancellation answers again.
    expect(emitted.map((row) => row.topic)).not.toContain('fulfilment.failed.v1');
    expect(emitted).toEqual(Array(2).fill({ topic: 'fulfilment.shipped.v1', reason: undefined, shipmentId }));
  });

  it('lets the cancellation win when it holds the shipment first: the dispatcher skips it for good', async () => {
    const orderId = await packedAndDue();
    const holder = await RowLockHolder.lock(fulfilment.pool, lockDecision, [orderId]);
    let cancelling = Promise.resolve('not started');
    try {
      // The cancellation's batch locks the shipment, then waits for the decision row.
      cancelling = settled(fulfilment.handle([cancelled(orderId)]));
      await waitUntilBlockedBy(fulfilment.pool, holder.pid);
      // SKIP LOCKED: the dispatcher neither waits nor ships the shipment the cancellation holds.
      expect(await within(2_000, fulfilment.dispatcher.dispatchDue())).toBe(0);
      expect(await fulfilment.outcome(orderId)).toEqual({
        shipments: ['PACKING'],
        decision: 'PACKING',
        emitted: [],
      });
    } finally {
      await holder.release();
    }
    expect(await cancelling).toBe('committed');

    const failed = { topic: 'fulfilment.failed.v1', reason: 'ORDER_CANCELLED', shipmentId: undefined };
    expect(await fulfilment.outcome(orderId)).toEqual({
      shipments: ['CANCELLED'],
      decision: 'CANCELLED',
      emitted: [failed],
    });
    // A later dispatch finds nothing to ship for this order.
    expect(await fulfilment.dispatcher.dispatchDue()).toBe(0);
    expect((await fulfilment.outcome(orderId)).emitted).toEqual([failed]);
  });

  it('never ships a new order whose capture commits between the cancellation reading its shipment and its decision', async () => {
    // READ COMMITTED: each locking read has its own snapshot, so the cancellation finds no
    // shipment, then the capture's PACKING decision. It must decide again on both, not cancel the
    // decision and leave the parcel to the dispatcher.
    const capture = captured();
    const pause = new Pause('decisions-lock');
    const cancelling = fulfilment
      .handle([cancelled(capture.orderId)], 0, pause)
      .catch((error: unknown) => error);
    await pause.reached;
    expect(await fulfilment.handle([capture], 1)).toEqual({ applied: 1, duplicates: 0 });
    pause.goOn();
    expect(await cancelling).toBeInstanceOf(WriteConflict);
    // The consumer's retry of the cancellation sees the shipment and wins over the packing.
    await fulfilment.handle([cancelled(capture.orderId)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await fulfilment.dispatcher.dispatchDue();
    const { shipments, decision, emitted } = await fulfilment.outcome(capture.orderId);
    expect({ shipments, decision, topics: emitted.map((row) => row.topic) }).toEqual({
      shipments: ['CANCELLED'],
      decision: 'CANCELLED',
      topics: ['fulfilment.failed.v1'],
    });
  });
});
