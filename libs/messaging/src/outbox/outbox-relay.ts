import type pg from 'pg';
import type { BrokerProducer } from '../broker/broker-client.js';
import { outboxChannel } from './add-to-outbox.js';
import { publishRows, type OutboxRow } from './publish-rows.js';
import { registerBacklogMetrics } from './relay-metrics.js';
import { Backoff, WakeableSleep } from './relay-timing.js';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  /** Opens a producer (idempotent, acks=all); called again after a failed send. */
  connectProducer: () => Promise<BrokerProducer>;
  /** Names the advisory lock, so one relay per database is active however many replicas run. */
  serviceName: string;
  relayBatchSize?: number;
  /** Fallback poll; a commit normally wakes the relay at once through LISTEN/NOTIFY. */
  pollIntervalMs?: number;
  /** How long a standby replica waits before trying to become the active relay again. */
  standbyRetryMs?: number;
  /** Published rows are deleted after this long. */
  retentionMs?: number;
  logger?: RelayLogger;
}

/**
 * Publishes outbox rows to Kafka in id order and marks them published. A row is only ever
 * "unpublished" or "published": a failed send leaves it unpublished and the next attempt (after
 * backoff) picks it up first, so nothing is dropped or reordered. A crash between send and mark
 * republishes the batch; consumers' inboxes drop the duplicates by event id.
 */
export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private readonly sleep = new WakeableSleep();
  private running = false;
  private loop: Promise<void> | undefined;
  private producer: BrokerProducer | undefined;
  private lastPurge = 0;
  /** True while this instance holds the lock and publishes. */
  active = false;

  constructor(options: OutboxRelayOptions) {
    this.options = {
      relayBatchSize: 200,
      pollIntervalMs: 1_000,
      standbyRetryMs: 2_000,
      retentionMs: 60 * 60 * 1_000,
      logger: { log: () => undefined, warn: () => undefined },
      ...options,
    };
    registerBacklogMetrics(options.pool);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the current batch finish, then stops and closes the producer. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleep.wake();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff();
    while (this.running) {
      try {
        await this.leadWhileHoldingLock();
        backoff.reset();
      } catch (error) {
        this.options.logger.warn(`outbox relay: ${(error as Error).message}; retrying`);
        await this.sleep.for(backoff.next());
      }
    }
  }

  /** Holds a session advisory lock on a dedicated connection; losing the connection frees it. */
  private async leadWhileHoldingLock(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('error', () => this.sleep.wake());
    try {
      const lockName = `outbox-relay:${this.options.serviceName}`;
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [lockName],
      );
      if (!rows[0]?.locked) {
        await this.sleep.for(this.options.standbyRetryMs);
        return;
      }
      this.active = true;
      client.on('notification', () => this.sleep.wake());
      await client.query(`LISTEN ${outboxChannel}`);
      this.options.logger.log('outbox relay active');
      await this.publishWhileRunning(client);
    } finally {
      this.active = false;
      // Destroy rather than return the connection: a pooled connection would keep the lock.
      client.release(true);
    }
  }

  private async publishWhileRunning(client: pg.PoolClient): Promise<void> {
    const backoff = new Backoff();
    while (this.running) {
      let published: number;
      try {
        this.producer ??= await this.options.connectProducer();
        published = await publishRows(client, this.producer, this.options.relayBatchSize);
        backoff.reset();
      } catch (error) {
        if (isDatabaseError(error)) throw error;
        // Kafka is unreachable or refused the batch: rows stay unpublished, in order.
        await this.dropProducer();
        this.options.logger.warn(`outbox relay: publish failed (${(error as Error).message})`);
        await this.sleep.for(backoff.next());
        continue;
      }
      if (published === this.options.relayBatchSize) continue; // more are waiting
      await this.purgeIfDue(client);
      await this.sleep.for(this.options.pollIntervalMs);
    }
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async purgeIfDue(client: pg.PoolClient): Promise<void> {
    const purgeEveryMs = Math.min(60_000, this.options.retentionMs);
    if (Date.now() - this.lastPurge < purgeEveryMs) return;
    this.lastPurge = Date.now();
    await client.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)`, [
      this.options.retentionMs / 1_000,
    ]);
  }
}

/** pg errors carry a SQLSTATE code or come from a closed connection; the rest is the broker's. */
function isDatabaseError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: string };
  return (
    (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) ||
    /Connection terminated|Client has encountered a connection error/i.test(message ?? '')
  );
}

export type { OutboxRow };
