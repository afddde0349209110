import { ContractViolation, decodeEvent, type AnySagaEvent } from '@saga-shop/contracts';
import type { IncomingBatch, IncomingMessage } from '../broker/broker-client.js';
import { claimInInbox } from '../inbox/inbox.js';
import { Backoff } from '../outbox/relay-timing.js';
import type { RelayLogger } from '../outbox/outbox-relay.js';
import type { TransactionRunner } from '../transaction/transaction-runner.js';
import type { ConsumedEvent, SagaBatchHandler } from './batch-handler.js';
import type { ConsumerHealth } from './consumer-health.js';
import { consumerMetrics } from './consumer-metrics.js';
import type { DeadLetterSink } from './dead-letter-sink.js';
import type { DeadLetterKind } from './dead-letters.js';
import { classifyFailure } from './failure-class.js';
import { endProcessSpan, runWithin, startProcessSpan, type ProcessSpan } from './process-span.js';

export interface RetryPolicy {
  /** Attempts for a business-level transient error before it is dead-lettered. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface BatchPipelineOptions {
  runner: TransactionRunner;
  handler: SagaBatchHandler;
  deadLetters: DeadLetterSink;
  health: ConsumerHealth;
  groupId: string;
  retry: RetryPolicy;
  /** Bounds one transaction; a bigger fetch is handled in several, heartbeating between them. */
  maxEventsPerTransaction: number;
  logger: RelayLogger & { error?(message: string): void };
}

/** One message of a batch: its event, or why it could not be decoded. */
interface Entry {
  batch: IncomingBatch;
  message: IncomingMessage;
  event?: AnySagaEvent;
  violation?: ContractViolation;
}

type Outcome = 'done' | 'outage' | 'failed';

/**
 * The consuming side of every service, for every partition batch of a fetch at once:
 * decode and validate each message; claim the inbox for all of them in one statement; apply the
 * fresh events in offset order and write their outbox rows, in one transaction; then park the
 * undecodable ones and resolve the offsets. Failures are handled by class (failure-class.ts):
 * an outage puts the batches back (paused, retried with backoff for as long as it lasts, never
 * dead-lettered); anything else falls back to one event per transaction, so the retry and
 * dead-letter rules apply to each message and a poison message never blocks or re-applies its
 * neighbours.
 */
export class BatchPipeline {
  private readonly outageBackoff = new Backoff(100, 5_000);
  private lastOutageLog = 0;

  constructor(private readonly options: BatchPipelineOptions) {}

  async handle(batches: readonly IncomingBatch[]): Promise<void> {
    const entries = batches.flatMap((batch) => batch.messages.map((message) => decodeEntry(batch, message)));
    const blocked = new Set<IncomingBatch>();
    for (const chunk of chunksOf(entries, this.options.maxEventsPerTransaction)) {
      const live = chunk.filter((entry) => !blocked.has(entry.batch) && entry.batch.isActive());
      if (live.length === 0) continue;
      const outcome = await this.commitTogether(live);
      if (outcome === 'outage') {
        for (const batch of batches) blocked.add(batch);
        break;
      }
      if (outcome === 'failed') await this.oneByOne(live, blocked);
      await heartbeatAll(live);
    }
    if (blocked.size > 0) this.putBack([...blocked]);
  }

  /** The whole chunk in one transaction; one retry at once if it lost a race. */
  private async commitTogether(entries: Entry[]): Promise<Outcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.commit(entries);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure === 'infrastructure') return this.outage(error);
        if (failure === 'conflict' && attempt === 1) continue;
        return 'failed';
      }
      try {
        for (const entry of entries) {
          if (entry.violation) await this.park(entry, 'contract-violation', entry.violation, 0);
        }
      } catch (error) {
        return this.outage(error);
      }
      resolveAll(entries);
      this.flowing();
      return 'done';
    }
  }

  /** Each entry in its own transaction, in order; a blocked partition stops at its first outage. */
  private async oneByOne(entries: Entry[], blocked: Set<IncomingBatch>): Promise<void> {
    for (const entry of entries) {
      if (blocked.has(entry.batch) || !entry.batch.isActive()) continue;
      if ((await this.handleOne(entry)) === 'outage') blocked.add(entry.batch);
    }
  }

  private async handleOne(entry: Entry): Promise<Outcome> {
    const backoff = new Backoff(this.options.retry.initialDelayMs, this.options.retry.maxDelayMs);
    for (let attempt = 1; ; attempt += 1) {
      let failure: ReturnType<typeof classifyFailure>;
      let cause: Error;
      try {
        if (entry.violation) throw entry.violation;
        await this.commit([entry]);
        resolveAll([entry]);
        this.flowing();
        return 'done';
      } catch (error) {
        cause = error as Error;
        failure = classifyFailure(error);
      }
      const kind = deadLetterKindOf(failure, attempt >= this.options.retry.attempts);
      if (failure === 'infrastructure') return this.outage(cause);
      if (failure === 'producer-bug')
        this.options.logger.error?.(`BUG: ${describe(entry)}: ${cause.message}`);
      if (kind) {
        try {
          await this.park(entry, kind, cause, attempt);
        } catch (error) {
          return this.outage(error);
        }
        resolveAll([entry]);
        return 'done';
      }
      consumerMetrics.retried.inc({ topic: entry.message.topic });
      this.options.logger.warn(`${describe(entry)} attempt ${attempt} failed: ${cause.message}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      if (
        !entry.batch.isActive() ||
        !(await entry.batch.heartbeat().then(
          () => true,
          () => false,
        ))
      ) {
        return 'outage';
      }
    }
  }

  /** One transaction: inbox claim for all, the handler's effects for the fresh ones, outbox rows. */
  private async commit(entries: Entry[]): Promise<void> {
    const decoded = entries.filter((entry): entry is Entry & { event: AnySagaEvent } => !!entry.event);
    if (decoded.length === 0) return;
    const spans = decoded.map((entry) => startProcessSpan(entry.message, entry.event, this.options.groupId));
    let afterCommit: (() => Promise<void>) | void;
    let duplicates = 0;
    try {
      // The transaction's span hangs off the first event's process span (so a lone event's trace
      // shows its database work) and links to every event it served.
      afterCommit = await runWithin(spans[0]!, () =>
        this.options.runner.run(
          async (tx) => {
            const fresh = await claimInInbox(
              tx,
              decoded.map((entry) => entry.event),
            );
            const consumed: ConsumedEvent[] = [];
            decoded.forEach((entry, index) => {
              // A redelivery, or the same event twice in one fetch: applied once.
              if (!fresh.delete(entry.event.id)) return void (duplicates += 1);
              const span = spans[index]!;
              consumed.push({
                event: entry.event,
                message: entry.message,
                within: (work) => runWithin(span, work),
              });
            });
            return this.options.handler.apply(tx, consumed);
          },
          { links: spans.map(({ span }) => ({ context: span.spanContext() })) },
        ),
      );
    } catch (error) {
      for (const span of spans) endProcessSpan(span, error);
      throw error;
    }
    this.record(decoded, spans, duplicates);
    // The transaction is committed: a failure here is the service's to repair (its reconciler).
    await afterCommit?.().catch((error: Error) =>
      this.options.logger.warn(`after-commit work failed: ${error.message}; left to the reconciler`),
    );
  }

  private record(decoded: (Entry & { event: AnySagaEvent })[], spans: ProcessSpan[], duplicates: number) {
    consumerMetrics.transactionEvents.observe(decoded.length);
    decoded.forEach((entry, index) => {
      consumerMetrics.handled.inc({ topic: entry.message.topic });
      // Inside the consumer span: the log line carries the order's trace id.
      runWithin(spans[index]!, () =>
        this.options.logger.log(`${entry.event.type} handled for order ${entry.event.orderId}`),
      );
      endProcessSpan(spans[index]!);
    });
    if (duplicates > 0) consumerMetrics.duplicates.inc({ topic: decoded[0]!.message.topic }, duplicates);
  }

  private async park(entry: Entry, kind: DeadLetterKind, error: Error, attempts: number): Promise<void> {
    await this.options.deadLetters.park(entry.message, kind, error, attempts);
    this.options.logger.warn(`${describe(entry)} dead-lettered (${kind}): ${error.message}`);
  }

  private outage(error: unknown): 'outage' {
    const reason = (error as Error).message;
    const first = this.options.health.waiting(reason);
    if (first || Date.now() - this.lastOutageLog > 10_000) {
      this.lastOutageLog = Date.now();
      const since = this.options.health.current.since.toISOString();
      this.options.logger.warn(`consumer waiting since ${since}: ${reason}; retrying until it is back`);
    }
    return 'outage';
  }

  /** Nothing of these batches is resolved past what committed: pause, fetch again after backoff. */
  private putBack(batches: IncomingBatch[]): void {
    const delayMs = this.outageBackoff.next();
    for (const batch of batches) {
      consumerMetrics.outageRetries.inc({ topic: batch.topic });
      batch.pauseFor(delayMs);
    }
  }

  private flowing(): void {
    this.outageBackoff.reset();
    if (this.options.health.current.state === 'waiting') {
      this.options.logger.log('consumer flowing again');
    }
    this.options.health.running();
  }
}

function decodeEntry(batch: IncomingBatch, message: IncomingMessage): Entry {
  try {
    return { batch, message, event: decodeEvent(message) };
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    return { batch, message, violation: error };
  }
}

function deadLetterKindOf(
  failure: ReturnType<typeof classifyFailure>,
  exhausted: boolean,
): DeadLetterKind | undefined {
  if (failure === 'contract') return 'contract-violation';
  if (failure === 'permanent') return 'permanent-failure';
  if (failure === 'producer-bug') return 'producer-bug';
  if (failure === 'infrastructure') return undefined;
  return exhausted ? 'retries-exhausted' : undefined;
}

/** The highest offset of each batch among `entries`. */
function resolveAll(entries: Entry[]): void {
  const highest = new Map<IncomingBatch, string>();
  for (const { batch, message } of entries) {
    const known = highest.get(batch);
    if (known === undefined || BigInt(message.offset) > BigInt(known)) highest.set(batch, message.offset);
  }
  for (const [batch, offset] of highest) {
    if (!batch.isActive()) continue;
    batch.resolve(offset);
    consumerMetrics.lag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      messagesBehind(batch.highWatermark, offset),
    );
  }
}

/** Messages written to the partition after `offset`, as of the fetch (never negative). */
export function messagesBehind(highWatermark: string, offset: string): number {
  const behind = BigInt(highWatermark) - BigInt(offset) - 1n;
  return behind > 0n ? Number(behind) : 0;
}

/** Between chunks: every batch shares the member's one heartbeat, so one call does. */
async function heartbeatAll(entries: Entry[]): Promise<void> {
  // A rebalance in progress makes heartbeat throw; the next fetch sorts it out.
  await entries[0]?.batch.heartbeat().catch(() => undefined);
}

function* chunksOf<T>(items: T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

function describe({ message, event }: Entry): string {
  return `${message.topic}@${message.partition}:${message.offset}${event ? ` (${event.type} ${event.id})` : ''}`;
}
