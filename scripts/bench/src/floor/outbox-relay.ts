import kafkajs, { type Kafka, type Producer } from 'kafkajs';
import type pg from 'pg';
import { deletePublished, query, selectPending, type OutboxRow } from './messaging-sql.js';

const { Partitioners } = kafkajs;

export interface RelayOptions {
  pool: pg.Pool;
  kafka: Kafka;
  /** Names the advisory lock, as the services' relay does: one relay per database. */
  serviceName: string;
  log(message: string): void;
}

// The services' defaults (OUTBOX_RELAY_BATCH_SIZE, _BYTES, OUTBOX_POLL_INTERVAL_MS).
const batchRows = 500;
const batchBytes = 512 * 1024;
const idlePollMs = 250;
const drainTimeoutMs = 10_000;

/**
 * Publishes outbox rows in id order (idempotent producer, acks=all) and deletes them once Kafka
 * acknowledged them, on a dedicated connection that holds the relay's advisory lock. A commit in
 * this process wakes it at once; the idle poll only matters for rows it was not told about.
 */
export class OutboxRelay {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    this.loop = this.run().catch((error: Error) => this.options.log(`relay stopped: ${error.stack}`));
  }

  /** A transaction of this process committed outbox rows. */
  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Publishes what is left (for up to 10 s), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('error', (error) => this.options.log(`relay connection: ${error.message}`));
    let producer: Producer | undefined;
    try {
      await this.lock(client);
      producer = this.options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      await producer.connect();
      await this.publishUntilStopped(client, producer);
    } finally {
      await producer?.disconnect().catch(() => undefined);
      // Destroyed, not pooled: a pooled connection would keep holding the advisory lock.
      client.release(true);
    }
  }

  private async lock(client: pg.PoolClient): Promise<void> {
    const lockName = `outbox-relay:${this.options.serviceName}`;
    while (!this.stopping) {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [lockName],
      );
      if (rows[0]?.locked) return;
      this.options.log('another relay holds the lock; waiting');
      await this.sleep(2_000);
    }
  }

  private async publishUntilStopped(client: pg.PoolClient, producer: Producer): Promise<void> {
    let drainDeadline: number | undefined;
    let failures = 0;
    for (;;) {
      if (this.stopping) drainDeadline ??= Date.now() + drainTimeoutMs;
      if (drainDeadline !== undefined && Date.now() > drainDeadline) return;
      this.woken = false;
      const rows = fitting(await query<OutboxRow>(client, selectPending, [batchRows]));
      if (rows.length > 0) {
        try {
          await producer.sendBatch({ acks: -1, topicMessages: byTopic(rows) });
          await query(client, deletePublished, [rows.map((row) => row.id)]);
          failures = 0;
        } catch (error) {
          // The rows stay, in order; the next attempt starts with them.
          failures += 1;
          this.options.log(`publish failed: ${(error as Error).message}`);
          await this.sleep(Math.min(2_000, 100 * 2 ** failures));
        }
        continue;
      }
      if (this.stopping) return;
      await this.sleep(idlePollMs);
    }
  }

  /** Waits `ms`, or less when woken; a wake that came while busy ends the wait at once. */
  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = undefined;
        done();
      };
    });
  }
}

/** The oldest rows that fit `batchBytes` (always at least one); a row's CloudEvents headers take ~300 bytes. */
function fitting(rows: OutboxRow[]): OutboxRow[] {
  let bytes = 0;
  const batch: OutboxRow[] = [];
  for (const row of rows) {
    bytes += Buffer.byteLength(row.payload) + row.message_key.length + 300;
    if (batch.length > 0 && bytes > batchBytes) break;
    batch.push(row);
  }
  return batch;
}

function byTopic(rows: OutboxRow[]) {
  const topics = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const row of rows) {
    const messages = topics.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
    topics.set(row.topic, messages);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
