import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { deadLetterTopicOf } from '@saga-shop/contracts';
import { readTopics } from '@saga-shop/testing';
import type { BrokerAdmin, IncomingMessage } from '../src/broker/broker-client.js';
import { createKafkaJsBrokerClient } from '../src/broker/kafkajs-broker-client.js';
import { toDeadLetter } from '../src/consumer/dead-letters.js';
import { listDeadLetters, redriveDeadLetters } from '../src/consumer/redrive.js';

const client = createKafkaJsBrokerClient({
  brokers: ['127.0.0.1:9092'],
  clientId: 'redrive-int',
  logLevel: 'nothing',
});
const topic = `redrive.test-${randomUUID().slice(0, 8)}.v1`;
let admin: BrokerAdmin;

function parked(value: string): IncomingMessage {
  return {
    topic,
    partition: 0,
    offset: '7',
    key: 'order-1',
    value,
    headers: { ce_id: value },
    timestamp: Date.now(),
  };
}

describe('dead-letter redrive (real Kafka)', () => {
  beforeAll(async () => {
    admin = await client.admin();
    await admin.ensureTopics([
      { topic, partitions: 2 },
      { topic: deadLetterTopicOf(topic), partitions: 2 },
    ]);
    const producer = await client.producer();
    const error = new Error('database unavailable');
    await producer.send(
      ['a', 'b', 'c'].map((value) =>
        toDeadLetter(parked(value), { kind: 'retries-exhausted', error, attempts: 5, consumerGroup: 'g' }),
      ),
    );
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.deleteTopics([topic, deadLetterTopicOf(topic)]).catch(() => undefined);
    await admin.disconnect();
  });

  it('lists dead letters with why they failed, without consuming them', async () => {
    const letters = await listDeadLetters(client, topic);
    expect(letters.map((letter) => letter.value).sort()).toEqual(['a', 'b', 'c']);
    expect(letters[0]?.headers).toMatchObject({
      dlq_error: 'database unavailable',
      dlq_error_kind: 'retries-exhausted',
    });
    expect(await listDeadLetters(client, topic)).toHaveLength(3);
  });

  it('puts each dead letter back on its topic once, as it first arrived', async () => {
    expect(await redriveDeadLetters(client, topic)).toBe(3);
    expect(await redriveDeadLetters(client, topic)).toBe(0);
    const back = await readTopics(
      client,
      [topic],
      () => true,
      (kept) => kept.length >= 3,
    );
    expect(back.map((message) => message.value).sort()).toEqual(['a', 'b', 'c']);
    for (const message of back) {
      expect(message.headers).toEqual({ ce_id: message.value });
    }
  });
});
