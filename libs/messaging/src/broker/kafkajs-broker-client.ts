import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import type { Consumer, IHeaders, Kafka as KafkaInstance, KafkaMessage, SASLOptions } from 'kafkajs';
import type {
  BrokerClient,
  BrokerConsumer,
  BrokerProducer,
  ConsumerOptions,
  IncomingMessage,
  MessageHeaders,
  OutgoingMessage,
} from './broker-client.js';
import type { BrokerConnectionOptions } from './connection-options.js';
import { connectAdmin } from './kafkajs-admin.js';
import { readRanges } from './kafkajs-ranges.js';
import { OffsetCommitter } from './offset-committer.js';

const { Kafka, Partitioners, logLevel: KafkaLogLevel } = kafkajs;

const logLevels = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/** The kafkajs implementation of the broker port. */
export function createKafkaJsBrokerClient(options: BrokerConnectionOptions): BrokerClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    // A hung broker fails a request in 10 s rather than kafkajs' 30 s, so backoff paths run.
    requestTimeout: 10_000,
    logLevel: logLevels[options.logLevel ?? 'error'],
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    ...(options.tls
      ? { ssl: options.tls.caFile ? { ca: [readFileSync(options.tls.caFile, 'utf8')] } : true }
      : {}),
  });
  const warn = options.onWarning ?? (() => undefined);
  return {
    producer: () => connectProducer(kafka),
    consumer: (consumerOptions) => startConsumer(kafka, consumerOptions, warn),
    admin: () => connectAdmin(kafka),
    readRanges: (topic, ranges, visit) => readRanges(kafka, topic, ranges, visit),
  };
}

async function connectProducer(kafka: KafkaInstance): Promise<BrokerProducer> {
  // Idempotent (a retried send never duplicates or reorders within a partition), acks=all, and
  // bounded retries: kafkajs would otherwise retry an idempotent send for ever, so an outage could
  // never reach the relay's own backoff, and shutdown would hang.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
  await producer.connect();
  return {
    async send(messages: OutgoingMessage[]) {
      if (messages.length === 0) return;
      await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(messages) });
    },
    disconnect: () => producer.disconnect(),
  };
}

function groupByTopic(messages: OutgoingMessage[]) {
  const byTopic = new Map<string, { key: string; value: string; headers?: MessageHeaders }[]>();
  for (const { topic, key, value, headers } of messages) {
    const batch = byTopic.get(topic) ?? [];
    batch.push({ key, value, headers });
    byTopic.set(topic, batch);
  }
  return [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages }));
}

async function startConsumer(
  kafka: KafkaInstance,
  options: ConsumerOptions,
  warn: (message: string) => void,
): Promise<BrokerConsumer> {
  const fetch = { minBytes: 1, maxWaitMs: 100, maxBytesPerPartition: 1_048_576, ...options.fetch };
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    // A crashed member holds its partitions until its session expires: keep that short.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    minBytes: fetch.minBytes,
    maxWaitTimeInMs: fetch.maxWaitMs,
    maxBytesPerPartition: fetch.maxBytesPerPartition,
  });
  const committer = new OffsetCommitter(
    (offsets) => consumer.commitOffsets(offsets),
    options.commitIntervalMs ?? 200,
    (error) => warn(`offset commit failed: ${error.message}`),
  );
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) options.onCrash?.(payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
  await consumer.run({
    // Offsets are resolved by hand, after the handler's database transaction committed.
    autoCommit: false,
    eachBatchAutoResolve: false,
    // Every partition of a fetch at once: the handler coalesces them into one transaction.
    partitionsConsumedConcurrently: 100,
    eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }) => {
      if (stopping || batch.messages.length === 0) return;
      const { topic, partition } = batch;
      const handling = options.handleBatch({
        topic,
        partition,
        messages: batch.messages.map((message) => toIncomingMessage(topic, partition, message)),
        highWatermark: batch.highWatermark,
        resolve: (offset) => {
          resolveOffset(offset);
          committer.resolved(topic, partition, offset);
        },
        heartbeat,
        pauseFor: (ms) => {
          const resume = pause();
          setTimeout(resume, ms).unref();
        },
        isActive: () => !stopping && isRunning() && !isStale(),
      });
      inFlight.add(handling);
      await handling.finally(() => inFlight.delete(handling));
    },
  });
  return {
    async disconnect() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      await committer.flush();
      committer.stop();
      await consumer.disconnect();
    },
  };
}

export function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function decodeHeaders(headers: IHeaders | undefined): MessageHeaders {
  const decoded: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // A header sent more than once arrives as an array; the last value wins.
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) decoded[name] = last.toString();
  }
  return decoded;
}
