import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { deadLetterTopicOf } from '@saga-shop/contracts';
import type { BrokerAdmin, BrokerClient, IncomingMessage } from '../src/broker/broker-client.js';
import { toDeadLetter } from '../src/consumer/dead-letters.js';
import { listDeadLetters, redriveDeadLetters } from '../src/consumer/redrive.js';
import { appendedCount, distinctMessages } from './topic-contents.js';
import { adminBrokerClient } from './test-broker.js';

const client = adminBrokerClient('redrive-int');
const createdTopics: string[] = [];
let admin: BrokerAdmin;

/** A fresh topic and its .dlq, both with two partitions. */
async function freshTopic(): Promise<string> {
  const topic = `redrive.test-${randomUUID().slice(0, 8)}.v1`;
  createdTopics.push(topic, deadLetterTopicOf(topic));
  await admin.ensureTopics([
    { topic, partitions: 2 },
    { topic: deadLetterTopicOf(topic), partitions: 2 },
  ]);
  return topic;
}

/** Parks one dead letter per value on `topic`'s .dlq, as a consumer that gave up would. */
async function park(topic: string, values: string[]): Promise<void> {
  const failed = (value: string): IncomingMessage => ({
    topic,
    partition: 0,
    offset: '7',
    key: `order-${value}`,
    value,
    headers: { ce_id: value },
    timestamp: Date.now(),
  });
  const error = new Error('database unavailable');
  const producer = await client.producer();
  await producer
    .send(
      values.map((value) =>
        toDeadLetter(failed(value), { kind: 'retries-exhausted', error, attempts: 5, consumerGroup: 'g' }),
      ),
    )
    .finally(() => producer.disconnect());
}

/** `client`, except that its first republished letter first parks `late` (a run in progress). */
function parkingDuringFirstRepublish(topic: string, late: string): BrokerClient {
  let parked = false;
  return {
    ...client,
    async producer() {
      const real = await client.producer();
      return {
        async send(messages) {
          if (!parked) {
            parked = true;
            await park(topic, [late]);
          }
          await real.send(messages);
        },
        disconnect: () => real.disconnect(),
      };
    },
  };
}

const valuesOf = (messages: IncomingMessage[]) => messages.map((message) => message.value).sort();

describe('dead-letter redrive (real Kafka)', () => {
  beforeAll(async () => {
    admin = await client.admin();
  });

  afterAll(async () => {
    await admin.deleteTopics(createdTopics).catch(() => undefined);
    await admin.disconnect();
  });

  it('lists dead letters with why they failed, without consuming them', async () => {
    const topic = await freshTopic();
    await park(topic, ['a', 'b', 'c']);
    const letters = await listDeadLetters(client, topic);
    expect(valuesOf(letters)).toEqual(['a', 'b', 'c']);
    expect(letters[0]?.headers).toMatchObject({
      dlq_error: 'database unavailable',
      dlq_error_kind: 'retries-exhausted',
      dlq_original_topic: topic,
    });
    expect(valuesOf(await listDeadLetters(client, topic))).toEqual(['a', 'b', 'c']);
  });

  it('puts each dead letter back on its topic once, as it first arrived, and lists none afterwards', async () => {
    const topic = await freshTopic();
    await park(topic, ['a', 'b', 'c']);
    expect(await redriveDeadLetters(client, topic)).toEqual({ redriven: 3, arrivedMeanwhile: 0 });
    expect(await redriveDeadLetters(client, topic)).toEqual({ redriven: 0, arrivedMeanwhile: 0 });
    expect(await listDeadLetters(client, topic)).toEqual([]);

    const back = await distinctMessages(client, topic, 3);
    expect(valuesOf(back)).toEqual(['a', 'b', 'c']);
    for (const message of back) expect(message.headers).toEqual({ ce_id: message.value });
    expect(await appendedCount(admin, topic)).toBe(3);
  });

  it('leaves letters parked during a run unmarked, reports them, and puts them back on the next run (finding 7)', async () => {
    const topic = await freshTopic();
    await park(topic, ['a', 'b', 'c']);

    const first = await redriveDeadLetters(parkingDuringFirstRepublish(topic, 'late'), topic);
    expect(first).toEqual({ redriven: 3, arrivedMeanwhile: 1 });
    expect(valuesOf(await listDeadLetters(client, topic))).toEqual(['late']);

    expect(await redriveDeadLetters(client, topic)).toEqual({ redriven: 1, arrivedMeanwhile: 0 });
    expect(valuesOf(await distinctMessages(client, topic, 4))).toEqual(['a', 'b', 'c', 'late']);
    expect(await appendedCount(admin, topic)).toBe(4);
    expect(await listDeadLetters(client, topic)).toEqual([]);
  });
});
