import kafkajs from 'kafkajs';
import type { Admin, Consumer, IHeaders, Kafka as KafkaInstance, KafkaMessage } from 'kafkajs';
import type {
  BrokerAdmin,
  BrokerClient,
  BrokerConsumer,
  BrokerProducer,
  ConsumerOptions,
  IncomingMessage,
  MessageHeaders,
  OutgoingMessage,
  TopicSpec,
} from './broker-client.js';

const { Kafka, Partitioners, logLevel: KafkaLogLevel } = kafkajs;

export interface KafkaJsOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs' own chatter; errors only by default, the service logs what matters. */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  connectionTimeoutMs?: number;
}

const logLevels = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/** The kafkajs implementation of the broker port. */
export function createKafkaJsBrokerClient(options: KafkaJsOptions): BrokerClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    logLevel: logLevels[options.logLevel ?? 'error'],
  });
  return {
    producer: () => connectProducer(kafka),
    consumer: (consumerOptions) => startConsumer(kafka, consumerOptions),
    admin: () => connectAdmin(kafka),
  };
}

async function connectProducer(kafka: KafkaInstance): Promise<BrokerProducer> {
  // Idempotent producer: a retried send never duplicates or reorders a message in a partition.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
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

async function startConsumer(kafka: KafkaInstance, options: ConsumerOptions): Promise<BrokerConsumer> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    // A crashed member holds its partitions until its session expires: keep that short.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
  await consumer.run({
    // Offsets are committed by hand, after the handler (and so its database transaction) succeeded.
    autoCommit: false,
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ topic, partition, message }) => {
      await options.handle(toIncomingMessage(topic, partition, message));
      await commitNext(consumer, topic, partition, message.offset);
    },
  });
  return { disconnect: () => consumer.disconnect() };
}

function commitNext(consumer: Consumer, topic: string, partition: number, offset: string) {
  // Kafka's committed offset is the next one to read, not the one just handled.
  const next = (BigInt(offset) + 1n).toString();
  return consumer.commitOffsets([{ topic, partition, offset: next }]);
}

function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
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

async function connectAdmin(kafka: KafkaInstance): Promise<BrokerAdmin> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  return {
    ensureTopics: (specs) => ensureTopics(admin, specs),
    listTopics: () => admin.listTopics(),
    deleteTopics: (topicNames) => admin.deleteTopics({ topics: topicNames }),
    async describeCluster() {
      const cluster = await admin.describeCluster();
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers.length,
        controllerId: cluster.controller,
      };
    },
    async endOffsets(topic) {
      const offsets = await retryWhileSettling(() => admin.fetchTopicOffsets(topic));
      return new Map(offsets.map(({ partition, high }) => [partition, high]));
    },
    async committedOffsets(groupId, topic) {
      const [topicOffsets] = await retryWhileSettling(() => admin.fetchOffsets({ groupId, topics: [topic] }));
      const partitions = topicOffsets?.partitions ?? [];
      return new Map(partitions.map(({ partition, offset }) => [partition, offset]));
    },
    disconnect: () => admin.disconnect(),
  };
}

async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await retryWhileSettling(() => createTopics(admin, missing));
  return missing.map((spec) => spec.topic);
}

function createTopics(admin: Admin, missing: TopicSpec[]) {
  return admin.createTopics({
    waitForLeaders: true,
    topics: missing.map(({ topic, partitions, replicationFactor }) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: replicationFactor ?? 1,
    })),
  });
}

/**
 * Right after a KRaft broker starts or creates topics, metadata lags for a moment and kafkajs
 * surfaces errors it marks retriable but does not retry (tulios/kafkajs#1563): retry those here.
 */
async function retryWhileSettling<T>(operation: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const { retriable, type } = error as { retriable?: boolean; type?: string };
      const settling = retriable === true || /COORDINATOR|UNKNOWN_TOPIC_OR_PARTITION|LEADER/.test(type ?? '');
      if (!settling || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
