import { decodeEvent, type AnySagaEvent, type SagaEvent } from '@saga-shop/contracts';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import { IntervalCommitter } from './interval-committer.js';
import { claimInInbox, commitWithOutbox } from './messaging-sql.js';

/** What one process's reactions made of a batch's fresh events. */
export interface BatchOutcome {
  /** Written to the outbox in the batch's own transaction. */
  emit: SagaEvent[];
  /** Work after the commit in a transaction of its own (payment's charge); resolves to its outbox rows. */
  afterCommit?: () => Promise<number>;
}

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  pool: pg.Pool;
  /** The reactions, inside the batch transaction, after the inbox claim: only fresh events. */
  apply(client: pg.PoolClient, events: AnySagaEvent[]): Promise<BatchOutcome>;
  onOutboxCommitted(): void;
  onJoin(): void;
  /** kafkajs gave up on the consumer and will not restart it. */
  onCrash(error: Error): void;
  log(message: string): void;
  fetch: { minBytes: number; maxWaitTimeInMs: number };
  commitIntervalMs: number;
}

// As the services' CONSUMER_MAX_BATCH_EVENTS: a backlog is worked off in bounded transactions.
const maxEventsPerTransaction = 500;

/**
 * kafkajs eachBatch, one transaction per fetch: every partition's batch of one fetch arrives
 * within one turn of the event loop, so they are collected until the next turn (setImmediate)
 * and handled together: decode, one inbox claim, the reactions, one outbox insert, one COMMIT.
 * Offsets are resolved only after that commit; a failed transaction is retried with backoff.
 */
export class BatchConsumer {
  private consumer: Consumer | undefined;
  private committer: IntervalCommitter | undefined;
  private waiting: { payload: EachBatchPayload; done: () => void }[] = [];
  private inFlight: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: BatchConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId, topics, fetch } = this.options;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      minBytes: fetch.minBytes,
      maxWaitTimeInMs: fetch.maxWaitTimeInMs,
      maxBytesPerPartition: 1_048_576,
    });
    this.consumer = consumer;
    this.committer = new IntervalCommitter(
      (offsets) => consumer.commitOffsets(offsets),
      this.options.commitIntervalMs,
      (error) => this.options.log(`offset commit failed: ${error.message}`),
    );
    consumer.on(consumer.events.GROUP_JOIN, () => this.options.onJoin());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.options.onCrash(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Every partition of a fetch at once, so they can share one transaction.
      partitionsConsumedConcurrently: 64,
      eachBatch: (payload) => this.submit(payload),
    });
  }

  /** Finishes the batch in hand, commits its offsets, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    // A group collected before the stop is still handled (its flush is one turn away).
    while (this.inFlight || this.waiting.length > 0)
      await (this.inFlight ?? new Promise((resolve) => setImmediate(resolve)));
    await this.committer?.flush();
    await this.consumer?.disconnect();
  }

  private submit(payload: EachBatchPayload): Promise<void> {
    if (this.stopping || payload.batch.messages.length === 0) return Promise.resolve();
    return new Promise((done) => {
      this.waiting.push({ payload, done });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    const handling = this.handle(group.map((entry) => entry.payload));
    this.inFlight = handling;
    await handling.finally(() => {
      this.inFlight = undefined;
      for (const entry of group) entry.done();
    });
  }

  private async handle(payloads: EachBatchPayload[]): Promise<void> {
    const events = payloads.flatMap(({ batch }) =>
      batch.messages.flatMap((message) => this.decode(batch.topic, message)),
    );
    try {
      for (let from = 0; from < events.length; from += maxEventsPerTransaction)
        await this.handleInTransaction(events.slice(from, from + maxEventsPerTransaction));
    } catch (error) {
      // Only while stopping: nothing is resolved, so the next consumer gets these again.
      this.options.log(`batch abandoned: ${(error as Error).message}`);
      return;
    }
    for (const { batch, resolveOffset, isRunning, isStale } of payloads) {
      if (!isRunning() || isStale()) continue;
      const last = batch.lastOffset();
      resolveOffset(last);
      this.committer?.resolved(batch.topic, batch.partition, last);
    }
  }

  private async handleInTransaction(events: AnySagaEvent[]): Promise<void> {
    let afterCommit: BatchOutcome['afterCommit'];
    const rows = await this.retrying(() =>
      commitWithOutbox(this.options.pool, async (client) => {
        const outcome = await this.options.apply(client, await claimInInbox(client, events));
        afterCommit = outcome.afterCommit;
        return outcome.emit;
      }),
    );
    if (rows > 0) this.options.onOutboxCommitted();
    // Retried on its own: the inbox already holds these events, so a batch retry would skip it.
    const moreRows = afterCommit ? await this.retrying(afterCommit) : 0;
    if (moreRows > 0) this.options.onOutboxCommitted();
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (this.stopping) throw error;
        this.options.log(`transaction failed (attempt ${attempt}), retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
      }
    }
  }

  /** A message that breaks its contract is logged and skipped (the services dead-letter it). */
  private decode(topic: string, message: KafkaMessage): AnySagaEvent[] {
    try {
      return [
        decodeEvent({
          topic,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: decodeHeaders(message.headers),
        }),
      ];
    } catch (error) {
      this.options.log(`skipping ${topic} offset ${message.offset}: ${(error as Error).message}`);
      return [];
    }
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) decoded[name] = last.toString();
  }
  return decoded;
}
