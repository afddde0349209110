import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { waitFor } from '@saga-shop/testing';
import type { BrokerProducer, IncomingMessage } from '../src/broker/broker-client.js';
import { deadLetterHeader } from '../src/consumer/dead-letters.js';
import { ConsumerHarness, placed, readDeadLetters, topic } from './consumer-harness.js';
import { adminBrokerClient } from './test-broker.js';

// The batch consumer against the real broker and database: a private consumer group on
// order.placed.v1 (starting at the topic's end) and a scratch schema whose `effects` table is the
// reaction's effect. Each test's events share one orderId, so they land on one partition, in order,
// and are fetched as one batch.
const client = adminBrokerClient('consumer-int');
const runId = randomUUID();
let harness: ConsumerHarness;
let producer: BrokerProducer;
let deadLetters: { letters: IncomingMessage[]; stop: () => Promise<void> };

/**
 * `count` events of one new order, sent in one request (so one fetch returns them together);
 * `configure` sets how the reaction treats them before they are sent.
 */
async function sendEvents(count: number, configure?: (ids: string[]) => void) {
  const orderId = randomUUID();
  const sent = Array.from({ length: count }, () => placed(orderId));
  configure?.(sent.map(({ event }) => event.id));
  await producer.send(
    sent.map(({ message }) => ({ ...message, headers: { ...message.headers, test_run: runId } })),
  );
  return { orderId, ids: sent.map(({ event }) => event.id) };
}

/** Whether one attempted batch held all of `ids`, in that order (other producers may add theirs). */
const triedTogether = (ids: string[]) =>
  harness.attempts.some((attempt) => {
    const positions = ids.map((id) => attempt.indexOf(id));
    return positions.every(
      (position, index) => position >= 0 && (index === 0 || position > positions[index - 1]!),
    );
  });

const lettersFor = (orderId: string) => deadLetters.letters.filter((letter) => letter.key === orderId);
const counter = async (name: string) =>
  ((await register.getSingleMetric(name)?.get())?.values ?? []).reduce((sum, { value }) => sum + value, 0);

describe('batch consumer (real PostgreSQL and Kafka)', () => {
  beforeAll(async () => {
    harness = await ConsumerHarness.open(client);
    producer = await client.producer();
    deadLetters = await readDeadLetters(client, runId);
    await harness.start();
  }, 60_000);

  afterAll(async () => {
    await harness.close();
    await deadLetters.stop();
    await producer.disconnect();
  });

  it('applies a fetched batch in one transaction, each event once, in offset order', async () => {
    const { orderId, ids } = await sendEvents(5);
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 5, { what: '5 effects' });
    expect(triedTogether(ids)).toBe(true);
    expect((await harness.effectsOf(orderId)).sort()).toEqual([...ids].sort());
  });

  it('parks a poison message between good ones: the good ones are applied once, the poison parked', async () => {
    const { orderId, ids } = await sendEvents(3, (ids) =>
      harness.behaviours.set(ids[1]!, { fail: 'permanent' }),
    );
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 2, { what: 'the good ones' });
    await waitFor(async () => lettersFor(orderId).length === 1, {
      what: 'the poison parked',
      timeoutMs: 20_000,
    });
    const effects = await harness.effectsOf(orderId);
    expect(effects.sort()).toEqual([ids[0]!, ids[2]!].sort());
    // Tried as one batch first; the fallback then handled each event on its own.
    expect(triedTogether(ids)).toBe(true);
    expect(harness.attempts).toContainEqual([ids[0]]);
    expect(lettersFor(orderId)[0]?.headers).toMatchObject({
      [deadLetterHeader.errorKind]: 'permanent-failure',
      [deadLetterHeader.attempts]: '1',
      ce_id: ids[1],
    });
  }, 30_000);

  it('parks an undecodable message of a batch and applies the events around it', async () => {
    const orderId = randomUUID();
    const [before, after] = [placed(orderId), placed(orderId)];
    const tag = { test_run: runId };
    await producer.send([
      { ...before.message, headers: { ...before.message.headers, ...tag } },
      {
        ...before.message,
        value: '{not json',
        headers: { ...before.message.headers, ce_id: randomUUID(), ...tag },
      },
      { ...after.message, headers: { ...after.message.headers, ...tag } },
    ]);
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 2, { what: 'both good events' });
    await waitFor(async () => lettersFor(orderId).length === 1, { what: 'the undecodable one parked' });
    expect(lettersFor(orderId)[0]?.headers[deadLetterHeader.errorKind]).toBe('contract-violation');
    expect(lettersFor(orderId)[0]?.value).toBe('{not json');
  });

  it('retries a business-level transient failure and applies the event once', async () => {
    const { orderId, ids } = await sendEvents(1, (ids) =>
      harness.behaviours.set(ids[0]!, { fail: 'transient', times: 2 }),
    );
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 1, { what: 'the retried event' });
    expect(harness.behaviours.get(ids[0]!)).toEqual({ fail: 'transient', times: 0 });
    expect(lettersFor(orderId)).toHaveLength(0);
  });

  it('dead-letters a transient failure once its attempts are exhausted', async () => {
    const { orderId } = await sendEvents(1, (ids) =>
      harness.behaviours.set(ids[0]!, { fail: 'transient', times: 99 }),
    );
    await waitFor(async () => lettersFor(orderId).length === 1, {
      what: 'exhausted letter',
      timeoutMs: 20_000,
    });
    expect(lettersFor(orderId)[0]?.headers).toMatchObject({
      [deadLetterHeader.errorKind]: 'retries-exhausted',
      [deadLetterHeader.attempts]: '4',
    });
    expect(await harness.effectsOf(orderId)).toEqual([]);
  }, 30_000);

  it('dead-letters at once, as a producer bug, an event whose reaction would publish an invalid event', async () => {
    const { orderId } = await sendEvents(1, (ids) =>
      harness.behaviours.set(ids[0]!, { fail: 'publishes-invalid' }),
    );
    await waitFor(async () => lettersFor(orderId).length === 1, { what: 'producer-bug letter' });
    expect(lettersFor(orderId)[0]?.headers).toMatchObject({
      [deadLetterHeader.errorKind]: 'producer-bug',
      [deadLetterHeader.attempts]: '1',
    });
    expect(lettersFor(orderId)[0]?.headers[deadLetterHeader.error]).toMatch(/refusing to publish/);
  });

  it('waits out an outage however long it lasts, never dead-letters it, and is not ready meanwhile', async () => {
    const retriesBefore = await counter('consumer_outage_retries_total');
    // More failures than the retry budget (4 attempts): only an outage may be retried this long.
    const { orderId } = await sendEvents(2, (ids) =>
      harness.behaviours.set(ids[0]!, { fail: 'outage', times: 7 }),
    );
    await waitFor(async () => harness.health.current.state === 'waiting', { what: 'the consumer waiting' });
    expect(harness.health.ready).toBe(false);
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 2, {
      what: 'both events after the outage',
      timeoutMs: 40_000,
    });
    expect(lettersFor(orderId)).toHaveLength(0);
    expect(harness.health.current.state).toBe('running');
    expect(await counter('consumer_outage_retries_total')).toBeGreaterThan(retriesBefore);
  }, 60_000);

  it('applies nothing twice when a batch is delivered again (another member re-reads it)', async () => {
    const { orderId, ids } = await sendEvents(4);
    await waitFor(async () => (await harness.effectsOf(orderId)).length === 4, { what: '4 effects' });
    const duplicatesBefore = await counter('consumer_messages_duplicate_total');
    // A second group over the same inbox reads the same messages again, as after a crash between
    // the database commit and the offset commit.
    await harness.stop();
    const replayGroup = `${harness.groupId}-replay`;
    const first = harness.positions.get(ids[0]!)!;
    const admin = await client.admin();
    const ends = await admin.endOffsets(topic);
    ends.set(first.partition, first.offset);
    await admin.commitOffsets(replayGroup, topic, ends);
    await admin.disconnect();
    await harness.start(replayGroup);
    await waitFor(async () => (await counter('consumer_messages_duplicate_total')) >= duplicatesBefore + 4, {
      what: 'the redelivered batch skipped',
    });
    expect((await harness.effectsOf(orderId)).sort()).toEqual([...ids].sort());
  }, 60_000);
});
