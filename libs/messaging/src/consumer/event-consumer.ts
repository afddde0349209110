import type { BrokerClient, BrokerConsumer, FetchTuning } from '../broker/broker-client.js';
import { Backoff } from '../outbox/relay-timing.js';
import type { RelayLogger } from '../outbox/outbox-relay.js';
import type { TransactionRunner } from '../transaction/transaction-runner.js';
import { BatchCoalescer } from './batch-coalescer.js';
import type { SagaBatchHandler } from './batch-handler.js';
import { BatchPipeline, type RetryPolicy } from './batch-pipeline.js';
import { ConsumerHealth } from './consumer-health.js';
import { DeadLetterSink } from './dead-letter-sink.js';

export interface EventConsumerOptions {
  client: BrokerClient;
  /** One consumer group per service: each service sees every event once. */
  groupId: string;
  topics: string[];
  runner: TransactionRunner;
  handler: SagaBatchHandler;
  health?: ConsumerHealth;
  retry?: Partial<RetryPolicy>;
  maxEventsPerTransaction?: number;
  fetch?: Partial<FetchTuning>;
  commitIntervalMs?: number;
  logger?: ConsumerLogger;
}

type ConsumerLogger = RelayLogger & { error?(message: string): void };
const silent: ConsumerLogger = { log: () => undefined, warn: () => undefined };

/**
 * A service's consumer: the broker subscription, the batch pipeline behind it, and a restart
 * whenever the client gives up on the subscription (while it is down, readiness says so).
 */
export class EventConsumer {
  readonly health: ConsumerHealth;
  private consumer: BrokerConsumer | undefined;
  private readonly deadLetters: DeadLetterSink;
  private readonly coalescer: BatchCoalescer;
  private readonly restartBackoff = new Backoff(500, 10_000);
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: EventConsumerOptions) {
    this.health = options.health ?? new ConsumerHealth();
    this.deadLetters = new DeadLetterSink(options.client, options.groupId);
    const logger = options.logger ?? silent;
    const pipeline = new BatchPipeline({
      runner: options.runner,
      handler: options.handler,
      deadLetters: this.deadLetters,
      health: this.health,
      groupId: options.groupId,
      retry: { attempts: 5, initialDelayMs: 100, maxDelayMs: 2_000, ...options.retry },
      maxEventsPerTransaction: options.maxEventsPerTransaction ?? 500,
      logger,
    });
    this.coalescer = new BatchCoalescer(
      (batches) => pipeline.handle(batches),
      (error, batches) => {
        (logger.error ?? logger.warn)(`batch handling failed unexpectedly: ${error.stack ?? error.message}`);
        for (const batch of batches) batch.pauseFor(1_000);
      },
    );
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.consumer = await this.options.client.consumer({
      groupId: this.options.groupId,
      topics: this.options.topics,
      fromBeginning: true,
      fetch: this.options.fetch,
      commitIntervalMs: this.options.commitIntervalMs,
      handleBatch: (batch) => this.coalescer.submit(batch),
      onCrash: (error) => this.restartAfterCrash(error),
    });
    this.restartBackoff.reset();
    this.health.running();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await this.deadLetters.close();
    this.health.stopped();
  }

  /** The client will not restart this subscription itself: a dead consumer must not look healthy. */
  private restartAfterCrash(error: Error): void {
    if (this.stopped) return;
    this.health.crashed(error.message);
    (this.options.logger ?? silent).warn(`consumer crashed (${error.message}); restarting`);
    const broken = this.consumer;
    this.consumer = undefined;
    this.restartTimer = setTimeout(async () => {
      await broken?.disconnect().catch(() => undefined);
      if (this.stopped) return;
      await this.start().catch((startError: Error) => this.restartAfterCrash(startError));
    }, this.restartBackoff.next());
  }
}
