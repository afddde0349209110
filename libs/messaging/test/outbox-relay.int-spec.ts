import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '@saga-shop/testing';
import type {
  BrokerAdmin,
  BrokerProducer,
  IncomingMessage,
  OutgoingMessage,
} from '../src/broker/broker-client.js';
import { createKafkaJsBrokerClient } from '../src/broker/kafkajs-broker-client.js';
import { OutboxRelay } from '../src/outbox/outbox-relay.js';
import { scratchSchema } from './scratch-schema.js';

const client = createKafkaJsBrokerClient({
  brokers: ['127.0.0.1:9092'],
  clientId: 'relay-int',
  logLevel: 'nothing',
});
const topic = `relay.test-${randomUUID().slice(0, 8)}.v1`;
let admin: BrokerAdmin;
let schema: Awaited<ReturnType<typeof scratchSchema>>;
const relays: OutboxRelay[] = [];
const received: IncomingMessage[] = [];
let stopConsumer: () => Promise<void>;

function relay(overrides: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) {
  const created = new OutboxRelay({
    pool: schema.pool,
    connectProducer: () => client.producer(),
    serviceName: `relay-test-${topic}`,
    pollIntervalMs: 60_000, // only NOTIFY can wake it within a test's patience
    standbyRetryMs: 200,
    ...overrides,
  });
  relays.push(created);
  created.start();
  return created;
}

/** Inserts rows the way addToOutbox does, then NOTIFY on commit; keys spread over partitions. */
async function commitRows(pool: pg.Pool, values: string[], key = 'order-1') {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    for (const value of values) {
      await db.query(
        `INSERT INTO outbox (event_id, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4, '{}'::jsonb)`,
        [randomUUID(), topic, key, value],
      );
    }
    await db.query(`SELECT pg_notify('saga_outbox', '')`);
    await db.query('COMMIT');
  } finally {
    db.release();
  }
}

const unpublished = async () =>
  Number((await schema.pool.query('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0].count);

describe('outbox relay (real PostgreSQL and Kafka)', () => {
  beforeAll(async () => {
    schema = await scratchSchema();
    admin = await client.admin();
    await admin.ensureTopics([{ topic, partitions: 3 }]);
    const consumer = await client.consumer({
      groupId: `relay-int-${topic}`,
      topics: [topic],
      fromBeginning: true,
      handle: async (message) => {
        received.push(message);
      },
    });
    stopConsumer = () => consumer.disconnect();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await stopConsumer();
    await admin.deleteTopics([topic]).catch(() => undefined);
    await admin.disconnect();
    await schema.drop();
  });

  it('publishes committed rows in order, woken by the commit rather than a poll, and marks them', async () => {
    relay();
    await waitFor(async () => relays[0]!.active, { what: 'relay active' });
    const values = Array.from({ length: 25 }, (_, index) => `in-order-${index}`);
    await commitRows(schema.pool, values);

    await waitFor(async () => received.filter((m) => m.value?.startsWith('in-order-')).length === 25, {
      timeoutMs: 15_000,
      what: '25 messages',
    });
    const inOrder = received.filter((m) => m.value?.startsWith('in-order-')).map((m) => m.value);
    expect(inOrder).toEqual(values);
    expect(await unpublished()).toBe(0);
  });

  it('keeps exactly one relay active per database and hands over when it stops', async () => {
    const first = relay();
    const second = relay();
    await waitFor(async () => first.active || second.active, { what: 'one relay active' });
    expect(first.active && second.active).toBe(false);

    const [active, standby] = first.active ? [first, second] : [second, first];
    await active.stop();
    await waitFor(async () => standby.active, { what: 'standby takes over', timeoutMs: 10_000 });
    await commitRows(schema.pool, ['after-handover']);
    await waitFor(async () => received.some((m) => m.value === 'after-handover'), {
      what: 'handover publish',
    });
  });

  it('retries a failing broker with backoff and never drops or reorders a row', async () => {
    let failuresLeft = 3;
    const flaky = async (): Promise<BrokerProducer> => {
      const real = await client.producer();
      return {
        send: async (messages: OutgoingMessage[]) => {
          if (failuresLeft-- > 0) throw new Error('broker unavailable (injected)');
          await real.send(messages);
        },
        disconnect: () => real.disconnect(),
      };
    };
    const values = ['retry-0', 'retry-1', 'retry-2', 'retry-3'];
    await commitRows(schema.pool, values);
    relay({ connectProducer: flaky });

    await waitFor(async () => received.filter((m) => m.value?.startsWith('retry-')).length >= 4, {
      timeoutMs: 20_000,
      what: 'rows published after failures',
    });
    expect(failuresLeft).toBeLessThan(0);
    expect(received.filter((m) => m.value?.startsWith('retry-')).map((m) => m.value)).toEqual(values);
    expect(await unpublished()).toBe(0);
  });
});
