import { Consumer, findErrorBy, type BaseOptions } from '@platformatic/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from '../outbox/relay-timing.js';
import type { BrokerConsumer, ConsumerOptions, FetchTuning } from './broker-client.js';
import { BrokerError } from './broker-error.js';
import { brokerError, withBrokerErrors } from './platformatic-connection.js';
import {
  fetchPartitions,
  logBoundaries,
  positionKey,
  type FetchedPartition,
  type FetchPosition,
} from './platformatic-fetch.js';
import { platformaticBatch } from './platformatic-batch.js';
import { takeAssignment } from './platformatic-assignment.js';
import { OffsetCommitter } from './offset-committer.js';

const defaultTuning: FetchTuning = { minBytes: 1, maxWaitMs: 100, maxBytesPerPartition: 1_048_576 };

export async function startPlatformaticConsumer(
  base: BaseOptions,
  options: ConsumerOptions,
  warn: (message: string) => void,
): Promise<BrokerConsumer> {
  const tuning = { ...defaultTuning, ...options.fetch };
  const consumer = new Consumer({
    ...base,
    // A JoinGroup is answered once every member rejoined (a dead one after its session): allow
    // more than for a plain request.
    requestTimeout: 30_000 + tuning.maxWaitMs,
    groupId: options.groupId,
    autocommit: false,
    // A crashed member holds its partitions until its session expires: keep that short.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 20_000,
    // kafkajs' name for the same round-robin assignment, so members of both adapters can share a
    // group (a rolling switch of KAFKA_CLIENT); under different names the broker refuses the join.
    protocols: [{ name: 'RoundRobinAssigner', version: 0 }],
  });
  const member = new GroupMember(consumer, options, tuning, warn);
  try {
    await member.start();
  } catch (error) {
    await consumer.close(true).catch(() => undefined);
    throw brokerError(error);
  }
  return { disconnect: () => member.stop() };
}

/**
 * The library keeps the membership (join, heartbeats, rejoin after a rebalance); this fetches
 * the assigned partitions, hands each fetch's batches over together, and fetches a partition
 * again from its last resolved offset once its batch is done: what was not resolved comes back.
 */
class GroupMember {
  /** Where each partition of the current assignment is fetched next. */
  private readonly positions = new Map<string, FetchPosition>();
  private readonly pausedUntil = new Map<string, number>();
  private generation = -1;
  private stopping = false;
  private crashed = false;
  /** The library gave up rejoining (the broker was away longer than its retries): rejoin here. */
  private rejoin = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly committer: OffsetCommitter;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: ConsumerOptions,
    private readonly tuning: FetchTuning,
    private readonly warn: (message: string) => void,
  ) {
    this.committer = new OffsetCommitter(
      (offsets) => this.commit(offsets),
      options.commitIntervalMs ?? 200,
      (error) => warn(`offset commit failed: ${error.message}`),
    );
  }

  async start(): Promise<void> {
    // A rejoin the library gave up on is reported only as 'error', and never tried again.
    this.consumer.on('error', (error: Error) => this.lostMembership(error));
    for (const topic of this.options.topics) this.consumer.topics.track(topic);
    await this.consumer.joinGroup({});
    this.loop = this.run();
  }

  /** Stops fetching, waits for in-flight batches, commits what they resolved, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.committer.flush();
    this.committer.stop();
    await withBrokerErrors(this.consumer.close());
  }

  /**
   * As kafkajs restarts a consumer itself after an error retrying can fix (an unreachable broker),
   * this member joins again; only a broker's refusal that retrying cannot fix (say, a denied group)
   * is a crash, left to the caller.
   */
  private lostMembership(error: Error): void {
    if (this.stopping || this.crashed) return;
    if (findErrorBy(error, 'code', 'PLT_KFK_PROTOCOL')?.['canRetry'] === false) {
      this.crashed = true;
      this.options.onCrash?.(brokerError(error));
      return;
    }
    if (!this.rejoin) this.warn(`lost the group membership, joining again: ${brokerError(error).message}`);
    this.rejoin = true;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(100, 5_000);
    while (!this.stopping && !this.crashed) {
      try {
        await this.fetchAndHandle();
        backoff.reset();
      } catch (error) {
        if (this.stopping || this.crashed) return;
        this.warn(`consumer: ${brokerError(error).message}; retrying`);
        await sleep(backoff.next());
      }
    }
  }

  private async fetchAndHandle(): Promise<void> {
    if (this.rejoin) {
      await this.consumer.joinGroup({}).catch((error: Error) => {
        this.lostMembership(error);
        throw error; // backs off before the next attempt
      });
      this.rejoin = false;
    }
    // While the library (re)joins, nothing is this member's to fetch.
    if (!this.consumer.isActive()) return void (await sleep(100));
    if (this.generation !== this.consumer.generationId) return this.reassign();
    const now = Date.now();
    const due = [...this.positions].filter(([key]) => (this.pausedUntil.get(key) ?? 0) <= now);
    if (due.length === 0) return void (await sleep(Math.min(100, this.tuning.maxWaitMs)));
    const fetched = await fetchPartitions(
      this.consumer,
      due.map(([, position]) => position),
      this.tuning,
    );
    if (this.generation !== this.consumer.generationId) return;
    await this.restart(fetched.filter((part) => part.outOfRange));
    await Promise.all(fetched.filter((part) => !part.outOfRange).map((part) => this.handle(part)));
  }

  private async reassign(): Promise<void> {
    const generation = this.consumer.generationId;
    const starts = await takeAssignment(this.consumer, this.positions, this.options.fromBeginning ?? false);
    // Rebalanced again meanwhile: the next turn starts over with the newer assignment.
    if (generation !== this.consumer.generationId) return;
    this.positions.clear();
    for (const start of starts) this.positions.set(positionKey(start.topic, start.partition), start);
    this.generation = generation;
  }

  /** Offsets that retention deleted: start where a group without a commit would. */
  private async restart(parts: FetchedPartition[]): Promise<void> {
    if (parts.length === 0) return;
    this.warn(`offsets out of range on ${parts.map((part) => `${part.topic}@${part.partition}`).join(', ')}`);
    for (const start of await logBoundaries(this.consumer, parts, this.options.fromBeginning ?? false)) {
      const position = this.positions.get(positionKey(start.topic, start.partition));
      if (position) position.offset = start.offset;
    }
  }

  private async handle(part: FetchedPartition): Promise<void> {
    const key = positionKey(part.topic, part.partition);
    const position = this.positions.get(key);
    if (!position) return;
    if (part.messages.length === 0) {
      // Only control records (transaction markers) or nothing: move past them, nothing to hand over.
      if (part.next > position.offset) position.offset = part.next;
      return;
    }
    const generation = this.generation;
    const holds = () =>
      generation === this.consumer.generationId &&
      this.consumer.isActive() &&
      this.positions.get(key) === position;
    const batch = platformaticBatch(part, {
      holds,
      isActive: () => !this.stopping && holds(),
      resolve: (offset) => {
        // Still counted while stopping: disconnect commits what in-flight batches resolved.
        if (!holds()) return;
        const next = BigInt(offset) + 1n;
        if (next > position.offset) position.offset = next;
        this.committer.resolved(part.topic, part.partition, offset);
      },
      pause: (ms) => this.pausedUntil.set(key, Date.now() + ms),
    });
    try {
      await this.options.handleBatch(batch);
    } catch (error) {
      this.warn(
        `batch of ${part.topic}@${part.partition} failed: ${(error as Error).message}; fetching it again`,
      );
      this.pausedUntil.set(key, Date.now() + 1_000);
    }
  }

  /** Only partitions this member still holds: a moved one's new owner commits its own progress. */
  private async commit(offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    if (this.generation !== this.consumer.generationId || !this.consumer.isActive()) {
      // As kafkajs reports it; the committer drops these offsets (the next owner starts from the
      // last commit, the inbox skips what was handled) instead of committing into a new generation.
      throw new BrokerError('the group is rebalancing', 'REBALANCE_IN_PROGRESS');
    }
    const held = offsets.filter(({ topic, partition }) => this.positions.has(positionKey(topic, partition)));
    if (held.length === 0) return;
    const request = held.map(({ topic, partition, offset }) => ({
      topic,
      partition,
      offset: BigInt(offset),
      leaderEpoch: -1,
    }));
    await withBrokerErrors(this.consumer.commit({ offsets: request }));
  }
}
