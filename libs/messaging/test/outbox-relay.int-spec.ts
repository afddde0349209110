import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '@saga-shop/testing';
import { TransactionRunner } from '../src/transaction/transaction-runner.js';
import { RelayHarness, recordingProducer, storedBytes, type SendRecord } from './relay-harness.js';

const harness = new RelayHarness();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The relay's pool, noting when its dedicated connection polls the outbox. */
function pollWatching(pool: pg.Pool, polls: number[]): pg.Pool {
  const connect = async () => {
    const client = await pool.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        if ((args[0] as { name?: string }).name === 'outbox-select-pending') polls.push(performance.now());
        return query(...args);
      },
    });
    return client;
  };
  return { connect, query: pool.query.bind(pool) } as unknown as pg.Pool;
}

describe('outbox relay publishing (real PostgreSQL and Kafka)', () => {
  beforeAll(() => harness.setUp());
  afterEach(() => harness.stopRelays());
  afterAll(() => harness.tearDown());

  it('publishes rows in id order per key and deletes them only after Kafka acknowledged them', async () => {
    const keys = ['order-a', 'order-b', 'order-c'];
    const rows = Array.from({ length: 30 }, (_, index) => ({
      value: `ordered-${index}`,
      key: keys[index % 3],
    }));
    await harness.insert(rows);
    const sends: SendRecord[] = [];
    const storedAtAck: string[][] = [];
    const record = recordingProducer(sends);
    harness.relay({
      connectProducer: async () => {
        const producer = await record();
        return {
          ...producer,
          async send(messages) {
            await producer.send(messages);
            storedAtAck.push(await harness.stored('ordered-'));
          },
        };
      },
    });

    await harness.waitForReceived('ordered-', 30);
    for (const key of keys) {
      const inserted = rows.filter((row) => row.key === key).map((row) => row.value);
      expect(harness.receivedValues('ordered-', key)).toEqual(inserted);
    }
    await waitFor(async () => (await harness.stored('ordered-')).length === 0, { what: 'rows deleted' });
    // When the broker acknowledged a batch, every one of its rows was still in the table.
    sends.forEach((send, index) => {
      expect(storedAtAck[index]).toEqual(
        expect.arrayContaining(send.messages.map((message) => message.value)),
      );
    });
  });

  it('publishes at once when woken by a commit while its idle poll is seconds away; unwoken, the row waits', async () => {
    const polls: number[] = [];
    const relay = harness.relay({ pool: pollWatching(harness.schema.pool, polls), idlePollMs: 60_000 });
    const runner = new TransactionRunner({
      pool: harness.schema.pool,
      onOutboxCommitted: () => relay.wake(),
    });
    // Empty polls double their interval: once one gap reached 2.5 s, the next poll is 5 s away.
    await waitFor(async () => polls.length > 1 && polls.at(-1)! - polls.at(-2)! >= 2_500, {
      timeoutMs: 15_000,
      what: 'the idle poll to back off',
    });

    const unwokenAt = performance.now();
    await harness.insert([{ value: 'unwoken' }]);
    await sleep(1_000);
    expect(await harness.stored('unwoken')).toEqual(['unwoken']);
    expect(harness.receivedValues('unwoken')).toEqual([]);

    const wokenAt = performance.now();
    await runner.run(async (tx) => {
      tx.outgoing.push({
        event_id: randomUUID(),
        topic: harness.topic,
        message_key: 'order-1',
        payload: 'woken',
        headers: {},
      });
    });
    await harness.waitForReceived('woken', 1, 5_000);
    await waitFor(async () => (await harness.stored('unwoken')).length === 0, {
      timeoutMs: 5_000,
      what: 'both deleted',
    });
    expect(performance.now() - wokenAt).toBeLessThan(1_500);
    expect(harness.receivedValues('unwoken')).toEqual(['unwoken']);
    // No poll ran between the unwoken commit and the wake: the wake is what published both rows.
    expect(polls.filter((at) => at > unwokenAt && at < wokenAt)).toEqual([]);
  });

  it('finds rows committed by another writer, without any wake, by its poll', async () => {
    const relay = harness.relay({ idlePollMs: 200 });
    await waitFor(async () => relay.active, { what: 'relay active' });
    await sleep(1_000);
    const committedAt = performance.now();
    await harness.insert([{ value: 'other-writer-0' }, { value: 'other-writer-1' }]);
    await harness.waitForReceived('other-writer-', 2, 5_000);
    expect(performance.now() - committedAt).toBeLessThan(2_000);
    expect(harness.receivedValues('other-writer-')).toEqual(['other-writer-0', 'other-writer-1']);
  });

  it('lets only one of two relays on a database publish, and the standby takes over when it stops', async () => {
    const sendsOf = [[], []] as SendRecord[][];
    const serviceName = `relay-int-lock-${harness.topic}`;
    const relays = sendsOf.map((sends) =>
      harness.relay({ serviceName, connectProducer: recordingProducer(sends) }),
    );
    await waitFor(async () => relays.some((relay) => relay.active), { what: 'one relay active' });
    for (let sample = 0; sample < 5; sample += 1) {
      expect(relays.filter((relay) => relay.active)).toHaveLength(1);
      await sleep(100);
    }
    const activeIndex = relays.findIndex((relay) => relay.active);
    const [active, standby] = [relays[activeIndex]!, relays[1 - activeIndex]!];
    await harness.insert([{ value: 'lock-first' }]);
    await harness.waitForReceived('lock-first', 1);
    expect(sendsOf[1 - activeIndex]).toEqual([]);

    await active.stop();
    await waitFor(async () => standby.active, { what: 'standby takes over', timeoutMs: 10_000 });
    await harness.insert([{ value: 'lock-second' }]);
    await harness.waitForReceived('lock-second', 1);
    expect(
      sendsOf[1 - activeIndex]!.flatMap((send) => send.messages.map((message) => message.value)),
    ).toEqual(['lock-second']);
    expect(harness.receivedValues('lock-')).toEqual(['lock-first', 'lock-second']);
  });

  it('keeps every batch within relayBatchBytes, except a single bigger row sent alone', async () => {
    // 300 bytes of payload in 106 characters: the bound counts bytes, not characters.
    const small = (index: number) => ({ value: `bytes-${String(index).padStart(2, '0')}-${'€'.repeat(97)}` });
    const rows = [
      ...Array.from({ length: 7 }, (_, index) => small(index)),
      { value: 'bytes-big-'.padEnd(3_000, 'y') },
    ];
    rows.push(...Array.from({ length: 4 }, (_, index) => small(index + 7)));
    await harness.insert(rows);
    const sends: SendRecord[] = [];
    harness.relay({ relayBatchBytes: 1_000, connectProducer: recordingProducer(sends) });

    await harness.waitForReceived('bytes-', rows.length);
    expect(harness.receivedValues('bytes-')).toEqual(rows.map((row) => row.value));
    const sizes = sends.map((send) => send.messages.map(storedBytes));
    for (const batch of sizes.filter((batch) => batch.length > 1)) {
      expect(batch.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(1_000);
    }
    expect(sizes.find((batch) => batch.some((bytes) => bytes > 1_000))).toHaveLength(1);
    // 309 bytes a row: three fit, so the bound (not one row a send) is what splits the batches.
    expect(Math.max(...sizes.map((batch) => batch.length))).toBe(3);
  });
});
