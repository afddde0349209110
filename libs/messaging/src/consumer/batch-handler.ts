import type { AnySagaEvent } from '@saga-shop/contracts';
import type { IncomingMessage } from '../broker/broker-client.js';
import type { SagaTransaction } from '../transaction/saga-transaction.js';

/** One decoded event of a batch, with the trace context its handling runs in. */
export interface ConsumedEvent {
  readonly event: AnySagaEvent;
  readonly message: IncomingMessage;
  /** Runs `work` inside this event's `process` span, with its order id as baggage. */
  within<T>(work: () => T): T;
}

/** Work that must run after the batch's transaction committed (e.g. calls to an external system). */
export type AfterCommit = () => Promise<void>;

/**
 * What a service gives the consumer: apply a batch of fresh events (the inbox already filtered out
 * redeliveries), in offset order, inside one transaction, with set-based statements. Throwing
 * fails the whole batch; the consumer then retries or falls back to one event at a time.
 */
export interface SagaBatchHandler {
  apply(tx: SagaTransaction, events: readonly ConsumedEvent[]): Promise<AfterCommit | void>;
}
