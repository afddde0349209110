/**
 * The port between saga-shop and its message broker. Services and the outbox/inbox code talk to
 * these interfaces only; kafkajs-broker-client.ts is the one place that knows the Kafka client,
 * so kafkajs (unmaintained) can be swapped without touching a service.
 */

export type MessageHeaders = Record<string, string>;

export interface OutgoingMessage {
  topic: string;
  /** Partitioning key; saga-shop always uses the orderId so one order's events stay in order. */
  key: string;
  value: string;
  headers?: MessageHeaders;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: MessageHeaders;
  /** Broker append time or producer create time, ms since epoch. */
  timestamp: number;
}

export interface BrokerProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas (acks=all). */
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. */
  fromBeginning?: boolean;
  /**
   * Called once per message, partitions in parallel, each partition in order. The offset is
   * committed only after the returned promise resolves; if it rejects, the message is redelivered.
   */
  handle(message: IncomingMessage): Promise<void>;
}

export interface BrokerConsumer {
  /** Stops fetching, waits for in-flight handlers, leaves the group. */
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
}

export interface ClusterInfo {
  clusterId: string;
  brokers: number;
  controllerId: number | null;
}

export interface BrokerAdmin {
  /** Creates the topics that do not exist yet; returns the names it created. */
  ensureTopics(specs: TopicSpec[]): Promise<string[]>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  describeCluster(): Promise<ClusterInfo>;
  /** The next offset to be written (high watermark) per partition of `topic`. */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** Committed offset per partition of `topic` for `groupId` (-1 where nothing was committed). */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  disconnect(): Promise<void>;
}

export interface BrokerClient {
  producer(): Promise<BrokerProducer>;
  consumer(options: ConsumerOptions): Promise<BrokerConsumer>;
  admin(): Promise<BrokerAdmin>;
}
