/**
 * The broker port: what the saga needs from Kafka, independent of any client library. Two adapters
 * implement it, kafkajs (kafkajs-*.ts) and @platformatic/kafka (platformatic-*.ts); each is the only
 * code that knows its library, and create-broker-client.ts picks one (KAFKA_CLIENT).
 */
export type MessageHeaders = Record<string, string>;

export interface OutgoingMessage {
  topic: string;
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
  timestamp: number;
}

export interface BrokerProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas (acks=all). */
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** What one fetch returned for one partition, in offset order. */
export interface IncomingBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
  /** The partition's end when fetched: the offset the next message written there will get. */
  readonly highWatermark: string;
  /** `offset` and everything before it is handled: committed within the commit interval. */
  resolve(offset: string): void;
  /** Keeps the group membership alive during long work (throws when a rebalance started). */
  heartbeat(): Promise<void>;
  /** Stops fetching this partition for `ms`; what was not resolved is fetched again afterwards. */
  pauseFor(ms: number): void;
  /** False once the consumer is stopping or the partition moved: resolve nothing more. */
  isActive(): boolean;
}

export interface FetchTuning {
  /** The broker answers a fetch once this much is ready, or after maxWaitMs. */
  minBytes: number;
  maxWaitMs: number;
  /** Bounds what one fetch returns per partition, and so a batch. */
  maxBytesPerPartition: number;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. */
  fromBeginning?: boolean;
  /**
   * Called with every partition's batch of a fetch, partitions concurrently, each partition in
   * order. Only offsets passed to `resolve` are ever committed; the rest are fetched again.
   */
  handleBatch(batch: IncomingBatch): Promise<void>;
  fetch?: Partial<FetchTuning>;
  /** Resolved offsets are committed at most this often (and when the consumer stops). */
  commitIntervalMs?: number;
  /** The client gave up on this consumer and will not restart it. */
  onCrash?(error: Error): void;
}

export interface BrokerConsumer {
  /** Stops fetching, waits for in-flight batches, commits what they resolved, leaves the group. */
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

/** One permission of a principal: a resource name (or, `prefixed`, every name it starts), any host, allow. */
export interface AclGrant {
  resource: 'topic' | 'group';
  name: string;
  operation: 'read' | 'write' | 'describe';
  /** Literal unless said otherwise; prefixed covers generated names (throw-away range readers). */
  pattern?: 'literal' | 'prefixed';
}

export interface BrokerAdmin {
  /** Creates the topics that do not exist yet; returns the names it created. */
  ensureTopics(specs: TopicSpec[]): Promise<string[]>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  describeCluster(): Promise<ClusterInfo>;
  /** The next offset to be written (high watermark) per partition of `topic`. */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** The first offset still in the log (log start, after retention) per partition of `topic`. */
  startOffsets(topic: string): Promise<Map<number, string>>;
  /** Committed offset per partition of `topic` for `groupId` (-1 where nothing was committed). */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  /** Sets `groupId`'s committed offsets on `topic` (the group must have no active member). */
  commitOffsets(groupId: string, topic: string, offsets: Map<number, string>): Promise<void>;
  /** Makes `principal`'s ACLs exactly `grants` (creates the missing, deletes the rest). */
  replaceAcls(principal: string, grants: AclGrant[]): Promise<{ created: number; deleted: number }>;
  disconnect(): Promise<void>;
}

export interface PartitionRange {
  partition: number;
  /** First offset to read. */
  from: string;
  /** Read up to, not including, this offset. */
  until: string;
}

export interface BrokerClient {
  producer(): Promise<BrokerProducer>;
  consumer(options: ConsumerOptions): Promise<BrokerConsumer>;
  admin(): Promise<BrokerAdmin>;
  /**
   * Reads exactly the given offset ranges of `topic`'s partitions, outside any consumer group,
   * in offset order per partition; resolves once every range was read.
   */
  readRanges(
    topic: string,
    ranges: PartitionRange[],
    visit: (message: IncomingMessage) => Promise<void>,
  ): Promise<void>;
}
