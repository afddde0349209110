import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import type { ScratchPool } from '@saga-shop/testing';
import { waitFor } from '@saga-shop/testing';
import type {
  BrokerAdmin,
  BrokerConsumer,
  BrokerProducer,
  IncomingMessage,
  OutgoingMessage,
} from '../src/broker/broker-client.js';
import { OutboxRelay, type OutboxRelayOptions } from '../src/outbox/outbox-relay.js';
import { scratchSchema } from './scratch-schema.js';
import { adminBrokerClient } from './test-broker.js';

export const broker = adminBrokerClient('relay-int');

export interface OutboxInsert {
  value: string;
  key?: string;
  topic?: string;
}

/** What one `send` carried, and whether the broker acknowledged it. */
export interface SendRecord {
  messages: OutgoingMessage[];
  acked: boolean;
}

/**
 * A fresh topic read by one consumer (everything it receives is kept), an outbox schema, and
 * relays that are stopped after each test.
 */
export class RelayHarness {
  readonly topic = `relay.test-${randomUUID().slice(0, 8)}.v1`;
  readonly received: IncomingMessage[] = [];
  schema!: ScratchPool;
  admin!: BrokerAdmin;
  private consumer!: BrokerConsumer;
  private readonly relays: OutboxRelay[] = [];
  private readonly createdTopics = [this.topic];

  async setUp(): Promise<void> {
    this.schema = await scratchSchema();
    this.admin = await broker.admin();
    await this.admin.ensureTopics([{ topic: this.topic, partitions: 3 }]);
    this.consumer = await broker.consumer({
      groupId: `relay-int-${this.topic}`,
      topics: [this.topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        this.received.push(...batch.messages);
        batch.resolve(batch.messages.at(-1)!.offset);
      },
    });
  }

  async stopRelays(): Promise<void> {
    await Promise.all(this.relays.splice(0).map((relay) => relay.stop()));
  }

  async tearDown(): Promise<void> {
    await this.stopRelays();
    await this.consumer.disconnect();
    await this.admin.deleteTopics(this.createdTopics).catch(() => undefined);
    await this.admin.disconnect();
    await this.schema.drop();
  }

  /** Creates `topic` now (or marks it for deletion at the end if something else creates it). */
  async createTopic(topic: string, create = true): Promise<void> {
    this.createdTopics.push(topic);
    if (create) await this.admin.ensureTopics([{ topic, partitions: 1 }]);
  }

  /** A started relay on the harness's schema; its own lock name unless `serviceName` is given. */
  relay(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay({
      pool: this.schema.pool,
      connectProducer: () => broker.producer(),
      serviceName: `relay-int-${randomUUID()}`,
      idlePollMs: 100,
      standbyRetryMs: 200,
      ...overrides,
    });
    this.relays.push(relay);
    relay.start();
    return relay;
  }

  /** Commits `rows` in one transaction, as another writer would: nobody wakes the relay. */
  async insert(rows: OutboxInsert[]): Promise<void> {
    await this.schema.pool.query(
      `INSERT INTO outbox (event_id, topic, message_key, payload, headers)
       SELECT gen_random_uuid(), topic, message_key, payload, '{}'::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[]) AS row (topic, message_key, payload)`,
      [
        rows.map((row) => row.topic ?? this.topic),
        rows.map((row) => row.key ?? 'order-1'),
        rows.map((row) => row.value),
      ],
    );
  }

  /** Payloads still in the outbox starting with `prefix`, in id order. */
  async stored(prefix: string): Promise<string[]> {
    const { rows } = await this.schema.pool.query<{ payload: string }>(
      'SELECT payload FROM outbox WHERE starts_with(payload, $1) ORDER BY id',
      [prefix],
    );
    return rows.map((row) => row.payload);
  }

  receivedValues(prefix: string, key?: string): string[] {
    return this.received
      .filter((message) => message.value?.startsWith(prefix) && (key === undefined || message.key === key))
      .map((message) => message.value!);
  }

  async waitForReceived(prefix: string, count: number, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => this.receivedValues(prefix).length >= count, {
      timeoutMs,
      what: `${count} messages starting with ${prefix}`,
    });
  }
}

/** `connectProducer` for the real broker, recording each send in `log`. */
export function recordingProducer(log: SendRecord[]): () => Promise<BrokerProducer> {
  return async () => {
    const real = await broker.producer();
    return {
      async send(messages) {
        const record: SendRecord = { messages, acked: false };
        log.push(record);
        await real.send(messages);
        record.acked = true;
      },
      disconnect: () => real.disconnect(),
    };
  };
}

/** What kafkajs rejects a send with once its retries against an unreachable broker are used up. */
export function unreachableBroker(): Error {
  const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } = kafkajs;
  const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  return new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 2_000 });
}

/** The lengths readPending adds up against relayBatchBytes (payload, headers, key). */
export function storedBytes(message: OutgoingMessage): number {
  const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
  return utf8(message.value) + utf8(JSON.stringify(message.headers ?? {})) + utf8(message.key);
}
