import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnySagaEvent } from '@saga-shop/contracts';
import { classifyFailure } from '@saga-shop/messaging';
import { cancelled, captured, FulfilmentHarness } from './fulfilment-harness.js';

// The reactions against the real migrated schema, committed batch by batch as the consumer does.
let fulfilment: FulfilmentHarness;

const shippedAs = (shipmentId: string) => ({ topic: 'fulfilment.shipped.v1', reason: undefined, shipmentId });
const failedFor = (reason: string) => ({ topic: 'fulfilment.failed.v1', reason, shipmentId: undefined });
const packingTimeOver = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('fulfilment reactions (real PostgreSQL)', () => {
  beforeAll(async () => {
    fulfilment = await FulfilmentHarness.open();
  });

  afterAll(async () => {
    await fulfilment.close();
  });

  it('ships a paid order once, however often the capture is delivered', async () => {
    const event = captured();
    expect(await fulfilment.handle([event])).toEqual({ applied: 1, duplicates: 0 });
    expect(await fulfilment.handle([event])).toEqual({ applied: 0, duplicates: 1 });
    const shipmentId = await fulfilment.shipmentIdOf(event.orderId);
    expect(await fulfilment.outcome(event.orderId)).toEqual({
      shipments: ['SHIPPED'],
      decision: 'SHIPPED',
      emitted: [shippedAs(shipmentId)],
    });
  });

  it('fails an order to the unserviceable test destination AQ without a shipment', async () => {
    const event = captured('AQ');
    await fulfilment.handle([event]);
    expect(await fulfilment.outcome(event.orderId)).toEqual({
      shipments: [],
      decision: 'FAILED',
      emitted: [failedFor('UNSERVICEABLE_DESTINATION')],
    });
  });

  it('answers a cancellation before shipping, and refuses the capture that arrives after it', async () => {
    const capture = captured();
    await fulfilment.handle([cancelled(capture.orderId)]);
    await fulfilment.handle([capture]);
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: [],
      decision: 'CANCELLED',
      emitted: [failedFor('ORDER_CANCELLED'), failedFor('ORDER_CANCELLED')],
    });
  });

  it('lets a shipment stand when the cancellation arrives after it, answering shipped again', async () => {
    const capture = captured();
    await fulfilment.handle([capture]);
    await fulfilment.handle([cancelled(capture.orderId)]);
    const shipmentId = await fulfilment.shipmentIdOf(capture.orderId);
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: ['SHIPPED'],
      decision: 'SHIPPED',
      emitted: [shippedAs(shipmentId), shippedAs(shipmentId)],
    });
  });

  it('answers every repeated cancellation with the outcome it already had', async () => {
    const [unserved, packed] = [captured('AQ'), captured()];
    await fulfilment.handle([unserved]);
    await fulfilment.handle([packed], 60_000);
    for (const orderId of [unserved.orderId, packed.orderId, unserved.orderId, packed.orderId]) {
      await fulfilment.handle([cancelled(orderId)]);
    }
    expect((await fulfilment.outcome(unserved.orderId)).emitted).toEqual(
      Array(3).fill(failedFor('UNSERVICEABLE_DESTINATION')),
    );
    expect(await fulfilment.outcome(packed.orderId)).toEqual({
      shipments: ['CANCELLED'],
      decision: 'CANCELLED',
      emitted: [failedFor('ORDER_CANCELLED'), failedFor('ORDER_CANCELLED')],
    });
  });

  it('lets a cancellation win while the order is still packing, keeping the shipment as CANCELLED', async () => {
    const capture = captured();
    await fulfilment.handle([capture], 1);
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: ['PACKING'],
      decision: 'PACKING',
      emitted: [],
    });
    await fulfilment.handle([cancelled(capture.orderId)]);
    await packingTimeOver();
    await fulfilment.dispatcher.dispatchDue();
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: ['CANCELLED'],
      decision: 'CANCELLED',
      emitted: [failedFor('ORDER_CANCELLED')],
    });
  });

  it('ships a packed order once its packing time is over, and only once', async () => {
    const capture = captured();
    await fulfilment.handle([capture], 1);
    await packingTimeOver();
    expect(await fulfilment.dispatcher.dispatchDue()).toBeGreaterThanOrEqual(1);
    await fulfilment.dispatcher.dispatchDue();
    const shipmentId = await fulfilment.shipmentIdOf(capture.orderId);
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: ['SHIPPED'],
      decision: 'SHIPPED',
      emitted: [shippedAs(shipmentId)],
    });
  });

  it('answers each order of one batch of captures on its own: ships the served, fails AQ', async () => {
    const batch = [captured(), captured('AQ'), captured(), captured('AQ'), captured()];
    expect(await fulfilment.handle(batch)).toEqual({ applied: 5, duplicates: 0 });
    const outcomes = await Promise.all(batch.map((event) => fulfilment.outcome(event.orderId)));
    expect(
      outcomes.map(({ shipments, decision, emitted }) => [
        shipments,
        decision,
        emitted.map((row) => row.topic),
      ]),
    ).toEqual(
      batch.map((event) =>
        event.data.shippingAddress.country === 'AQ'
          ? [[], 'FAILED', ['fulfilment.failed.v1']]
          : [['SHIPPED'], 'SHIPPED', ['fulfilment.shipped.v1']],
      ),
    );
  });

  it('never dispatches an order captured and cancelled in the same batch while packing', async () => {
    const capture = captured();
    await fulfilment.handle([capture, cancelled(capture.orderId)], 1);
    await packingTimeOver();
    await fulfilment.dispatcher.dispatchDue();
    expect(await fulfilment.outcome(capture.orderId)).toEqual({
      shipments: ['CANCELLED'],
      decision: 'CANCELLED',
      emitted: [failedFor('ORDER_CANCELLED')],
    });
  });

  it('never ships and fails one order when its capture and cancellation race in separate batches', async () => {
    // Unforced: 20 races, whichever way each goes (cancellation-race.int-spec.ts forces them). The
    // loser of a race throws WriteConflict; the consumer retries it once at once.
    const handleRetried = async (event: AnySagaEvent) => {
      try {
        await fulfilment.handle([event]);
      } catch (error) {
        if (classifyFailure(error) !== 'conflict') throw error;
        await fulfilment.handle([event]);
      }
    };
    const captures = Array.from({ length: 20 }, () => captured());
    await Promise.all(
      captures.flatMap((event) => [handleRetried(event), handleRetried(cancelled(event.orderId))]),
    );
    for (const { orderId } of captures) {
      const { decision, emitted } = await fulfilment.outcome(orderId);
      const answers = new Set(emitted.map((row) => row.topic));
      expect({ decision, answers: [...answers], count: emitted.length }).toEqual(
        decision === 'SHIPPED'
          ? { decision, answers: ['fulfilment.shipped.v1'], count: 2 }
          : { decision: 'CANCELLED', answers: ['fulfilment.failed.v1'], count: 2 },
      );
    }
  });
});
