import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { encodeEvent, events, newEvent, type AnySagaEvent } from '@saga-shop/contracts';
import { waitFor } from '@saga-shop/testing';
import type { BrokerProducer, IncomingMessage } from '../src/broker/broker-client.js';
import { createKafkaJsBrokerClient } from '../src/broker/kafkajs-broker-client.js';
import { deadLetterHeader } from '../src/consumer/dead-letters.js';
import { EventConsumer } from '../src/consumer/event-consumer.js';
import { PermanentFailure } from '../src/consumer/failures.js';

// Runs on the real order.placed.v1 topic with a private consumer group; every message this test
// sends has its own orderIds, and assertions only look at those.
const client = createKafkaJsBrokerClient({
  brokers: ['127.0.0.1:9092'],
  clientId: 'consumer-int',
  logLevel: 'nothing',
});
const topic = events['order.placed.v1'].type;
const runId = randomUUID();
const mine = new Set<string>();
const dispatched: AnySagaEvent[] = [];
const failuresLeft = new Map<string, number>();
const deadLetters: IncomingMessage[] = [];
let producer: BrokerProducer;
let consumer: EventConsumer;
let stopDeadLetterReader: () => Promise<void>;

function placedFor(orderId: string) {
  mine.add(orderId);
  const data = { ...structuredClone(events['order.placed.v1'].example), orderId };
  return encodeEvent(newEvent('order.placed.v1', data));
}

describe('event consumer: retry, dead letters, partition moves on', () => {
  beforeAll(async () => {
    producer = await client.producer();
    consumer = new EventConsumer({
      client,
      groupId: `consumer-int-${runId}`,
      topics: [topic],
      retry: { attempts: 4, initialDelayMs: 20, maxDelayMs: 100 },
      dispatch: async (event) => {
        if (!mine.has(event.orderId)) return;
        const left = failuresLeft.get(event.orderId) ?? 0;
        if (left === -1) throw new PermanentFailure('bad data (injected)');
        if (left > 0) {
          failuresLeft.set(event.orderId, left - 1);
          throw new Error('database unavailable (injected)');
        }
        dispatched.push(event);
      },
    });
    await consumer.start();
    const reader = await client.consumer({
      groupId: `consumer-int-dlq-${runId}`,
      topics: [`${topic}.dlq`],
      fromBeginning: true,
      handle: async (message) => {
        if (message.headers['test_run'] === runId) deadLetters.push(message);
      },
    });
    stopDeadLetterReader = () => reader.disconnect();
  }, 60_000);

  afterAll(async () => {
    await consumer.stop();
    await stopDeadLetterReader();
    await producer.disconnect();
  });

  it('retries a transient failure and then handles the event once', async () => {
    const orderId = randomUUID();
    failuresLeft.set(orderId, 2);
    await producer.send([placedFor(orderId)]);
    await waitFor(async () => dispatched.some((event) => event.orderId === orderId), {
      what: 'retried event',
    });
    expect(failuresLeft.get(orderId)).toBe(0);
    expect(dispatched.filter((event) => event.orderId === orderId)).toHaveLength(1);
  });

  it('dead-letters malformed, unknown, permanently failing and exhausted messages, and keeps consuming', async () => {
    const valid = placedFor(randomUUID());
    const exhausted = placedFor(randomUUID());
    failuresLeft.set(exhausted.key, 99);
    const permanent = placedFor(randomUUID());
    failuresLeft.set(permanent.key, -1);
    const tag = { test_run: runId };
    await producer.send([
      { topic, key: 'poison-json', value: '{not json', headers: { ...valid.headers, ...tag } },
      {
        topic,
        key: 'poison-type',
        value: valid.value,
        headers: { ...valid.headers, ce_type: 'order.eaten.v1', ...tag },
      },
      { ...exhausted, headers: { ...exhausted.headers, ...tag } },
      { ...permanent, headers: { ...permanent.headers, ...tag } },
      valid,
    ]);

    await waitFor(async () => dispatched.some((event) => event.orderId === valid.key), {
      what: 'valid event after poison',
    });
    await waitFor(async () => deadLetters.length >= 4, { what: '4 dead letters', timeoutMs: 20_000 });

    const byKey = new Map(deadLetters.map((letter) => [letter.key, letter.headers]));
    expect(byKey.get('poison-json')).toMatchObject({
      [deadLetterHeader.errorKind]: 'contract-violation',
      [deadLetterHeader.originalTopic]: topic,
    });
    expect(byKey.get('poison-json')?.[deadLetterHeader.error]).toMatch(/not JSON/);
    expect(byKey.get('poison-type')?.[deadLetterHeader.error]).toMatch(/unknown event type/);
    expect(byKey.get(exhausted.key)).toMatchObject({
      [deadLetterHeader.errorKind]: 'retries-exhausted',
      [deadLetterHeader.attempts]: '4',
    });
    expect(byKey.get(permanent.key)).toMatchObject({
      [deadLetterHeader.errorKind]: 'permanent-failure',
      [deadLetterHeader.attempts]: '1',
    });
    // The dead letter is the message as it arrived: its payload is untouched.
    expect(deadLetters.find((letter) => letter.key === exhausted.key)?.value).toBe(exhausted.value);
  }, 60_000);
});
