import { type CustomTransportStrategy, BaseRpcContext, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { AnySagaEvent, SagaEvent } from '@saga-shop/contracts';
import type { BrokerClient, FetchTuning, IncomingMessage } from '../broker/broker-client.js';
import { applyBatch } from '../consumer/apply-batch.js';
import type { ConsumedEvent, SagaBatchHandler } from '../consumer/batch-handler.js';
import type { RetryPolicy } from '../consumer/batch-pipeline.js';
import type { ConsumerHealth } from '../consumer/consumer-health.js';
import { EventConsumer } from '../consumer/event-consumer.js';
import { PermanentFailure } from '../consumer/failures.js';
import type { SagaTransaction } from '../transaction/saga-transaction.js';
import type { TransactionRunner } from '../transaction/transaction-runner.js';
import type { WorkingSet } from './working-set.js';

/** What an @EventPattern handler can ask for with @Ctx(): the batch's working state, the message. */
export class SagaEventContext<State = unknown> extends BaseRpcContext<[State, IncomingMessage | undefined]> {
  get state(): State {
    return this.getArgByIndex(0);
  }

  /** The Kafka message (undefined when a test applies events without Kafka). */
  get message(): IncomingMessage | undefined {
    return this.getArgByIndex(1);
  }
}

export interface SagaEventServerOptions {
  client: BrokerClient;
  groupId: string;
  runner: TransactionRunner;
  workingSet: WorkingSet<unknown>;
  health?: ConsumerHealth;
  retry?: Partial<RetryPolicy>;
  maxEventsPerTransaction?: number;
  fetch?: Partial<FetchTuning>;
  commitIntervalMs?: number;
  logger?: { log(message: string): void; warn(message: string): void; error?(message: string): void };
}

/**
 * A NestJS transport over the broker port. Each `@EventPattern(topic)` handler is a subscription
 * and a reaction: it gets one event and the batch's working state (@Ctx), decides, changes the
 * state in memory and returns the events it emits. Around the reactions, the service's
 * WorkingSet loads and locks what the batch touches and saves what changed, set-based, all in
 * the one transaction the EventConsumer pipeline gives the batch. Only event patterns exist
 * here: there is no request-reply over Kafka.
 */
export class SagaEventServer extends Server implements CustomTransportStrategy, SagaBatchHandler {
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: SagaEventServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    const topics = [...this.getHandlers().keys()];
    if (topics.length === 0) return callback();
    this.consumer = new EventConsumer({ ...this.options, topics, handler: this });
    this.consumer.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  on(): void {
    // The broker port reports failures through rejected promises, not transport events.
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  apply(tx: SagaTransaction, events: readonly ConsumedEvent[]) {
    return applyBatch(tx, events, this.options.workingSet, (event, state, message) =>
      this.react(event, state, message),
    );
  }

  private async react(event: AnySagaEvent, state: unknown, message: IncomingMessage | undefined) {
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) throw new PermanentFailure(`no handler for ${event.type}`);
    const result = await handler(event, new SagaEventContext([state, message]));
    const emitted = await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    if (emitted === undefined || emitted === null) return [];
    return Array.isArray(emitted) ? (emitted as SagaEvent[]) : [emitted as SagaEvent];
  }
}
