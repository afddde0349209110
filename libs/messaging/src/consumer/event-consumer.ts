import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { ContractViolation, decodeEvent, type AnySagaEvent } from '@saga-shop/contracts';
import type {
  BrokerClient,
  BrokerConsumer,
  BrokerProducer,
  IncomingMessage,
} from '../broker/broker-client.js';
import { Backoff, WakeableSleep } from '../outbox/relay-timing.js';
import type { RelayLogger } from '../outbox/outbox-relay.js';
import { contextFromHeaders } from '../tracing/trace-headers.js';
import { consumerMetrics } from './consumer-metrics.js';
import { toDeadLetter, type DeadLetterKind } from './dead-letters.js';
import { PermanentFailure } from './failures.js';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface EventConsumerOptions {
  client: BrokerClient;
  groupId: string;
  topics: string[];
  /** Handles one decoded event; resolves once its effect is committed ('duplicate' if skipped). */
  dispatch(event: AnySagaEvent, message: IncomingMessage): Promise<unknown>;
  retry?: Partial<RetryPolicy>;
  logger?: RelayLogger;
}

const tracer = trace.getTracer('@saga-shop/messaging');

/** Baggage entry naming the order being handled (read by the services' log mixin). */
export const orderIdBaggageKey = 'saga.order_id';

/**
 * The consuming side of every service: decode and validate, dispatch, retry transient failures with
 * backoff, and park what can never succeed on `<topic>.dlq` so the partition moves on. The adapter
 * commits the offset only after this resolves.
 */
export class EventConsumer {
  private consumer: BrokerConsumer | undefined;
  private deadLetterProducer: Promise<BrokerProducer> | undefined;
  private readonly retry: RetryPolicy;
  private readonly stopping = new WakeableSleep();
  private stopped = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = { attempts: 5, initialDelayMs: 100, maxDelayMs: 2_000, ...options.retry };
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.consumer = await this.options.client.consumer({
      groupId: this.options.groupId,
      topics: this.options.topics,
      fromBeginning: true,
      handle: (message) => this.handle(message),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.wake();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    const producer = this.deadLetterProducer;
    this.deadLetterProducer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private async handle(message: IncomingMessage): Promise<void> {
    let event: AnySagaEvent;
    try {
      event = decodeEvent(message);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return this.deadLetter(message, 'contract-violation', error, 0);
    }
    const parent = contextFromHeaders(message.headers);
    const span = tracer.startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': message.topic,
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.message.id': event.id,
          'messaging.kafka.message.key': event.orderId,
          'messaging.kafka.offset': Number(message.offset),
          'saga.order_id': event.orderId,
        },
      },
      parent,
    );
    try {
      // The order id rides along as baggage: every log line written while handling names it.
      const baggage = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(
        orderIdBaggageKey,
        {
          value: event.orderId,
        },
      );
      const handling = propagation.setBaggage(trace.setSpan(parent, span), baggage);
      await context.with(handling, () => this.dispatchWithRetries(event, message));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  private async dispatchWithRetries(event: AnySagaEvent, message: IncomingMessage): Promise<void> {
    const backoff = new Backoff(this.retry.initialDelayMs, this.retry.maxDelayMs);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.options.dispatch(event, message);
        consumerMetrics.handled.inc({ topic: message.topic });
        if (outcome === 'duplicate') consumerMetrics.duplicates.inc({ topic: message.topic });
        // Inside the consumer span: the log line carries the order's trace id.
        this.options.logger?.log(
          `${event.type} ${outcome === 'duplicate' ? 'skipped (duplicate)' : 'handled'} for order ${event.orderId}`,
        );
        return;
      } catch (error) {
        if (error instanceof PermanentFailure) {
          return this.deadLetter(message, 'permanent-failure', error, attempt);
        }
        if (attempt >= this.retry.attempts) {
          return this.deadLetter(message, 'retries-exhausted', error as Error, attempt);
        }
        // Stopping: leave the offset uncommitted; the message is redelivered after restart.
        if (this.stopped) throw error;
        consumerMetrics.retried.inc({ topic: message.topic });
        this.options.logger?.warn(
          `${event.type} ${event.id} attempt ${attempt} failed: ${(error as Error).message}; retrying`,
        );
        await this.stopping.for(backoff.next());
      }
    }
  }

  private async deadLetter(message: IncomingMessage, kind: DeadLetterKind, error: Error, attempts: number) {
    this.deadLetterProducer ??= this.options.client.producer();
    const letter = toDeadLetter(message, { kind, error, attempts, consumerGroup: this.options.groupId });
    try {
      await (await this.deadLetterProducer).send([letter]);
    } catch (sendError) {
      // Not parked: forget the producer and let the message be redelivered rather than lost.
      this.deadLetterProducer = undefined;
      throw sendError;
    }
    consumerMetrics.deadLettered.inc({ topic: message.topic });
    this.options.logger?.warn(
      `${message.topic}@${message.partition}:${message.offset} dead-lettered (${kind}): ${error.message}`,
    );
  }
}
