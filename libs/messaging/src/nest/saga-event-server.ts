import { type CustomTransportStrategy, BaseRpcContext, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { BrokerClient, IncomingMessage } from '../broker/broker-client.js';
import { EventConsumer, type RetryPolicy } from '../consumer/event-consumer.js';
import { PermanentFailure } from '../consumer/failures.js';

/** What an @EventPattern handler can ask for with @Ctx(): the raw Kafka message. */
export class SagaEventContext extends BaseRpcContext<[IncomingMessage]> {
  get message(): IncomingMessage {
    return this.getArgByIndex(0);
  }
}

export interface SagaEventServerOptions {
  client: BrokerClient;
  /** One consumer group per service: each service sees every event once. */
  groupId: string;
  retry?: Partial<RetryPolicy>;
  logger?: { log(message: string): void; warn(message: string): void };
}

/**
 * A NestJS transport over the broker port: each `@EventPattern(topic)` handler becomes a
 * subscription, and the handler runs inside EventConsumer's decode / retry / dead-letter pipeline.
 * Only event patterns exist here: there is no request-reply over Kafka.
 */
export class SagaEventServer extends Server implements CustomTransportStrategy {
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: SagaEventServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    const topics = [...this.getHandlers().keys()];
    if (topics.length === 0) return callback();
    this.consumer = new EventConsumer({
      client: this.options.client,
      groupId: this.options.groupId,
      topics,
      retry: this.options.retry,
      logger: this.options.logger,
      dispatch: (event, message) => this.dispatch(event, message),
    });
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

  /** Resolves with what the handler returned (handleOnce: 'applied' or 'duplicate'). */
  private async dispatch(event: AnySagaEvent, message: IncomingMessage): Promise<unknown> {
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) throw new PermanentFailure(`no handler for ${event.type}`);
    const result = await handler(event, new SagaEventContext([message]));
    return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}
