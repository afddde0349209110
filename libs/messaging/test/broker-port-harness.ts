import { afterAll, beforeAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { adminBrokerOptions, waitFor } from '@saga-shop/testing';
import type {
  BrokerAdmin,
  BrokerClient,
  BrokerConsumer,
  ConsumerOptions,
  IncomingBatch,
  IncomingMessage,
} from '../src/broker/broker-client.js';
import type { BrokerClientKind } from '../src/broker/connection-options.js';
import { createBrokerClient } from '../src/broker/create-broker-client.js';

/**
 * What the broker-port contract suites share: a client of one adapter as the local admin, fresh
 * topics (deleted at the end), and consumers that record every batch they are handed.
 */
export class PortHarness {
  readonly client: BrokerClient;
  admin!: BrokerAdmin;
  private readonly topics: string[] = [];
  private readonly consumers: BrokerConsumer[] = [];

  constructor(readonly kind: BrokerClientKind) {
    this.client = createBrokerClient(adminBrokerOptions(`broker-port-${kind}`), kind);
  }

  async open(): Promise<void> {
    this.admin = await this.client.admin();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.splice(0).map((consumer) => consumer.disconnect()));
    await this.admin.deleteTopics(this.topics).catch(() => undefined);
    await this.admin.disconnect();
  }

  /** A topic no other test or run uses, deleted by `close`. */
  async freshTopic(partitions: number, prefix = 'port'): Promise<string> {
    const topic = `${prefix}.test-${randomUUID().slice(0, 8)}.v1`;
    this.topics.push(topic);
    await this.admin.ensureTopics([{ topic, partitions }]);
    return topic;
  }

  async send(messages: { topic: string; key: string; value: string; headers?: Record<string, string> }[]) {
    const producer = await this.client.producer();
    try {
      await producer.send(messages);
    } finally {
      await producer.disconnect();
    }
  }

  /**
   * A consumer of a new group (unless `groupId` is given) from the beginning of `topic`, recording
   * each batch; `handle` decides what is resolved (everything, by default).
   */
  async record(
    topic: string,
    options: Partial<ConsumerOptions> & { handle?: (batch: IncomingBatch) => Promise<void> } = {},
  ): Promise<Recording> {
    const recording = new Recording();
    const { handle = resolveAll, ...consumerOptions } = options;
    const consumer = await this.client.consumer({
      groupId: `port-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      fetch: { maxWaitMs: 100 },
      ...consumerOptions,
      handleBatch: async (batch) => {
        recording.batches.push(batch);
        await handle(batch);
      },
    });
    this.consumers.push(consumer);
    recording.stop = async () => {
      this.consumers.splice(this.consumers.indexOf(consumer), 1);
      await consumer.disconnect();
    };
    return recording;
  }
}

/** Opens `harnesses` before the tests of the enclosing describe, and closes them after. */
export function openDuringSuite(...harnesses: PortHarness[]): void {
  beforeAll(() => Promise.all(harnesses.map((harness) => harness.open())));
  afterAll(() => Promise.all(harnesses.map((harness) => harness.close())));
}

export class Recording {
  readonly batches: IncomingBatch[] = [];
  stop: () => Promise<void> = async () => undefined;

  get messages(): IncomingMessage[] {
    return this.batches.flatMap((batch) => batch.messages);
  }

  /** The values received, each distinct value once (a message fetched again counts once). */
  values(): string[] {
    return [...new Set(this.messages.map((message) => message.value ?? ''))];
  }

  async waitForValues(count: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(async () => this.values().length >= count, {
      timeoutMs,
      what: `${count} distinct messages`,
    });
  }
}

export async function resolveAll(batch: IncomingBatch): Promise<void> {
  const last = batch.messages.at(-1);
  if (last) batch.resolve(last.offset);
}

const javaPartitioner = kafkajs.Partitioners.DefaultPartitioner();

/** The partition Java clients (and kafkajs) choose for `key`: murmur2, as Kafka's DefaultPartitioner. */
export function javaPartitionOf(key: string, partitions: number): number {
  const partitionMetadata = [...Array(partitions).keys()].map((partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
  return javaPartitioner({ topic: 'any', partitionMetadata, message: { key, value: null } });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
