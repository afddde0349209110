import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { events, newEvent, type SagaEvent } from '@saga-shop/contracts';
import { handleOnce } from '@saga-shop/messaging';
import { type DatabasePool, migrate } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { onPaymentCaptured } from '../src/application/reactions/on-payment-captured.js';
import { PackingDispatcher } from '../src/application/packing-dispatcher.js';
import { FulfilmentDatabase } from '../src/persistence/fulfilment-database.js';

// The reactions against the real migrated schema, in the transaction the consumer gives them.
let scratch: ScratchPool;
let database: FulfilmentDatabase;

function captured(country = 'FR'): SagaEvent<'payment.captured.v1'> {
  const data = structuredClone(events['payment.captured.v1'].example);
  return newEvent('payment.captured.v1', {
    ...data,
    orderId: randomUUID(),
    shippingAddress: { ...data.shippingAddress, country },
  });
}

function cancelled(orderId: string): SagaEvent<'order.cancelled.v1'> {
  return newEvent('order.cancelled.v1', {
    orderId,
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: new Date().toISOString(),
  });
}

const handle = {
  captured: (event: SagaEvent<'payment.captured.v1'>, dispatchDelayMs = 0) =>
    handleOnce(database.transaction, event, (tx) => onPaymentCaptured(tx, event, dispatchDelayMs)),
  cancelled: (event: SagaEvent<'order.cancelled.v1'>) =>
    handleOnce(database.transaction, event, (tx) => onOrderCancelled(tx, event)),
};

async function outcome(orderId: string) {
  const shipments = await database.shipment.count({ where: { orderId } });
  const outbox = await database.outbox.findMany({ where: { messageKey: orderId }, orderBy: { id: 'asc' } });
  return {
    shipments,
    emitted: outbox.map((row) => ({ topic: row.topic, reason: JSON.parse(row.payload).reason as unknown })),
  };
}

describe('fulfilment reactions (real PostgreSQL)', () => {
  beforeAll(async () => {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    scratch = await createScratchPool((url, schema) => migrate(url, migrations, schema));
    database = new FulfilmentDatabase(scratch.pool as DatabasePool);
  });

  afterAll(async () => {
    await database.$disconnect();
    await scratch.drop();
  });

  it('ships a paid order once, however often the capture is delivered', async () => {
    const event = captured();
    expect(await handle.captured(event)).toBe('applied');
    expect(await handle.captured(event)).toBe('duplicate');
    expect(await outcome(event.orderId)).toEqual({
      shipments: 1,
      emitted: [{ topic: 'fulfilment.shipped.v1', reason: undefined }],
    });
  });

  it('fails an order to the unserviceable test destination AQ without a shipment', async () => {
    const event = captured('AQ');
    await handle.captured(event);
    expect(await outcome(event.orderId)).toEqual({
      shipments: 0,
      emitted: [{ topic: 'fulfilment.failed.v1', reason: 'UNSERVICEABLE_DESTINATION' }],
    });
  });

  it('answers a cancellation before shipping, and refuses the capture that arrives after it', async () => {
    const capture = captured();
    await handle.cancelled(cancelled(capture.orderId));
    await handle.captured(capture);
    expect(await outcome(capture.orderId)).toEqual({
      shipments: 0,
      emitted: [
        { topic: 'fulfilment.failed.v1', reason: 'ORDER_CANCELLED' },
        { topic: 'fulfilment.failed.v1', reason: 'ORDER_CANCELLED' },
      ],
    });
  });

  it('lets a shipment stand when the cancellation arrives after it', async () => {
    const capture = captured();
    await handle.captured(capture);
    await handle.cancelled(cancelled(capture.orderId));
    expect(await outcome(capture.orderId)).toEqual({
      shipments: 1,
      emitted: [{ topic: 'fulfilment.shipped.v1', reason: undefined }],
    });
  });

  it('lets a cancellation win while the order is still packing', async () => {
    const capture = captured();
    await handle.captured(capture, 60_000);
    expect(await outcome(capture.orderId)).toEqual({ shipments: 1, emitted: [] });
    await handle.cancelled(cancelled(capture.orderId));
    expect(await outcome(capture.orderId)).toEqual({
      shipments: 0,
      emitted: [{ topic: 'fulfilment.failed.v1', reason: 'ORDER_CANCELLED' }],
    });
  });

  it('ships a packed order once its packing time is over', async () => {
    const capture = captured();
    await handle.captured(capture, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const dispatcher = new PackingDispatcher(database, { dispatchDelayMs: 1, dispatchIntervalMs: 1_000 });
    expect(await dispatcher.dispatchDue()).toBeGreaterThanOrEqual(1);
    expect(await outcome(capture.orderId)).toEqual({
      shipments: 1,
      emitted: [{ topic: 'fulfilment.shipped.v1', reason: undefined }],
    });
  });
});
