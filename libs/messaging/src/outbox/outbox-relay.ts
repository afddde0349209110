import type pg from 'pg';
import type { BrokerProducer } from '../broker/broker-client.js';
import { classifyFailure } from '../consumer/failure-class.js';
import { rejectionReason } from './broker-rejection.js';
import {
  quarantineRow,
  readPending,
  sendAndDelete,
  type BatchLimits,
  type OutboxRow,
} from './publish-rows.js';
import { registerBacklogMetrics } from './relay-metrics.js';
import { AdaptivePoll, Backoff, WakeableSleep } from './relay-timing.js';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  /** Opens a producer (idempotent, acks=all, bounded retries); called again after a failed send. */
  connectProducer: () => Promise<BrokerProducer>;
  /** Names the advisory lock, so one relay per database is active however many replicas run. */
  serviceName: string;
  relayBatchSize?: number;
  /** A batch never carries more than this many bytes of payload and headers (one row may). */
  relayBatchBytes?: number;
  /**
   * Longest wait between polls while idle. A commit in this process wakes the relay at once; the
   * poll only finds rows written by other replicas, and it shortens while rows keep coming.
   */
  idlePollMs?: number;
  /** How long a standby replica waits before trying to become the active relay again. */
  standbyRetryMs?: number;
  /** A row the broker refuses this many times in a row, for good, is quarantined. */
  rejectionsBeforeQuarantine?: number;
  logger?: RelayLogger;
}

/**
 * Publishes outbox rows to Kafka in id order and deletes them once Kafka acknowledged them. A
 * failed send leaves them in place and the next attempt (after backoff) picks them up first, so
 * nothing is dropped or reordered; a crash between send and delete republishes the batch and
 * consumers' inboxes drop the duplicates. A row the broker refuses for good (too large, no such
 * topic) is quarantined — kept, with its reason — so the rows behind it flow on.
 */
export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private readonly sleep = new WakeableSleep();
  /** The backoff after a failed publish: only stop() ends it, or every commit would retry at once. */
  private readonly backoffSleep = new WakeableSleep();
  private readonly rejections = new Map<string, number>();
  private running = false;
  private loop: Promise<void> | undefined;
  private producer: BrokerProducer | undefined;
  /** True while this instance holds the lock and publishes. */
  active = false;

  constructor(options: OutboxRelayOptions) {
    this.options = {
      relayBatchSize: 500,
      relayBatchBytes: 512 * 1024,
      idlePollMs: 250,
      standbyRetryMs: 2_000,
      rejectionsBeforeQuarantine: 3,
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

  /** A transaction of this process committed outbox rows: publish them now. */
  wake(): void {
    this.sleep.wake();
  }

  /** Lets the current batch finish, then stops and closes the producer. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleep.wake();
    this.backoffSleep.wake();
    await this.loop;
    await this.dropProducer();
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
    let lost: Error | undefined;
    // A server restart ends the connection: record it, wake the loop, never crash the process.
    const onError = (error: Error) => {
      lost = error;
      this.sleep.wake();
    };
    client.on('error', onError);
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
      this.options.logger.log('outbox relay active');
      await this.publishWhileRunning(client, () => lost);
    } finally {
      this.active = false;
      client.off('error', onError);
      // Destroy rather than return the connection: a pooled connection would keep the lock.
      client.release(true);
    }
  }

  private async publishWhileRunning(client: pg.PoolClient, lost: () => Error | undefined): Promise<void> {
    const limits: BatchLimits = { rows: this.options.relayBatchSize, bytes: this.options.relayBatchBytes };
    const backoff = new Backoff();
    const poll = new AdaptivePoll(5, this.options.idlePollMs);
    let woken = true;
    while (this.running) {
      const broken = lost();
      if (broken) throw broken;
      const rows = await readPending(client, limits);
      if (rows.length > 0) {
        try {
          await this.publish(client, rows);
          backoff.reset();
        } catch (error) {
          if (classifyFailure(error) === 'infrastructure' && !isBrokerError(error)) throw error;
          // Kafka is unreachable or refused the batch: the rows stay, in order.
          await this.dropProducer();
          this.options.logger.warn(`outbox relay: publish failed (${(error as Error).message})`);
          await this.backoffSleep.for(backoff.next());
          continue;
        }
        // A full batch means more are waiting: go again at once.
        if (rows.length === limits.rows) continue;
      }
      // Rows this process's own commits did not announce were written by another replica.
      woken = await this.sleep.for(poll.next(rows.length > 0 && !woken));
    }
  }

  /** Sends the batch; if the broker refuses it for good, finds the row(s) it refuses. */
  private async publish(client: pg.PoolClient, rows: OutboxRow[]): Promise<void> {
    this.producer ??= await this.options.connectProducer();
    try {
      await sendAndDelete(client, this.producer, rows);
      this.forgetRejections(rows);
      return;
    } catch (error) {
      if (rows.length === 1 || !rejectionReason(error)) return this.countRejection(client, rows[0]!, error);
    }
    // One row spoils the batch: send them one by one, in order, up to the one refused.
    for (const row of rows) {
      try {
        await sendAndDelete(client, this.producer, [row]);
        this.forgetRejections([row]);
      } catch (error) {
        await this.countRejection(client, row, error);
      }
    }
  }

  /** Strikes count refusals in a row: a row that got through starts clean (and is not kept). */
  private forgetRejections(rows: OutboxRow[]): void {
    if (this.rejections.size === 0) return;
    for (const row of rows) this.rejections.delete(row.id);
  }

  /** Quarantines `row` once the broker refused it for good often enough; otherwise rethrows. */
  private async countRejection(client: pg.PoolClient, row: OutboxRow, error: unknown): Promise<void> {
    const reason = rejectionReason(error);
    if (!reason) throw error;
    const strikes = (this.rejections.get(row.id) ?? 0) + 1;
    if (strikes < this.options.rejectionsBeforeQuarantine) {
      this.rejections.set(row.id, strikes);
      throw error;
    }
    this.rejections.delete(row.id);
    await quarantineRow(client, row, `${reason}: ${(error as Error).message}`);
    this.options.logger.warn(
      `outbox relay: quarantined row ${row.id} (${row.topic}, event ${row.event_id}): ${reason}`,
    );
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** What either adapter fails a send with: kafkajs' own errors, or the port's BrokerError. */
function isBrokerError(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && (name.startsWith('KafkaJS') || name === 'BrokerError');
}
