import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { events, newEvent } from '@saga-shop/contracts';
import { handleOnce } from '../src/inbox/inbox.js';
import { addToOutbox } from '../src/outbox/add-to-outbox.js';
import { executorOf, scratchSchema } from './scratch-schema.js';

type Executor = ReturnType<typeof executorOf>;
let schema: Awaited<ReturnType<typeof scratchSchema>>;

/** A transaction runner like prisma.$transaction, over one pg connection. */
async function transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
  const client = await schema.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(executorOf(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const count = async (table: string) =>
  Number((await schema.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

describe('inbox and outbox in the caller transaction (real PostgreSQL)', () => {
  beforeAll(async () => {
    schema = await scratchSchema();
  });
  afterAll(() => schema.drop());

  it('applies an event once and skips its redelivery', async () => {
    const placed = newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example));
    const answer = newEvent('inventory.rejected.v1', {
      orderId: placed.orderId,
      reason: 'OUT_OF_STOCK',
      unavailable: [],
    });
    const reaction = (tx: Executor) => addToOutbox(tx, answer);

    expect(await handleOnce(transaction, placed, reaction)).toBe('applied');
    expect(await handleOnce(transaction, placed, reaction)).toBe('duplicate');
    expect(await count('inbox')).toBe(1);
    expect(await count('outbox')).toBe(1);
  });

  it('rolls back the inbox claim with a failed reaction, so a retry can apply it', async () => {
    const placed = newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example));
    const failing = handleOnce(transaction, placed, async () => {
      throw new Error('reaction failed');
    });
    await expect(failing).rejects.toThrow('reaction failed');
    expect(await handleOnce(transaction, placed, async () => undefined)).toBe('applied');
  });

  it('stores the event encoded with CloudEvents headers, ready for the relay', async () => {
    const cancelled = newEvent('order.cancelled.v1', structuredClone(events['order.cancelled.v1'].example));
    await transaction((tx) => addToOutbox(tx, cancelled));
    const { rows } = await schema.pool.query(
      'SELECT topic, message_key, headers FROM outbox WHERE event_id = $1',
      [cancelled.id],
    );
    expect(rows[0]).toMatchObject({
      topic: 'order.cancelled.v1',
      message_key: cancelled.orderId,
      headers: { ce_id: cancelled.id, ce_type: 'order.cancelled.v1', ce_specversion: '1.0' },
    });
  });
});
