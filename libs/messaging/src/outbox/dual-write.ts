import { AsyncLocalStorage } from 'node:async_hooks';
import { encodeEvent, type SagaEvent } from '@saga-shop/contracts';
import type { BrokerProducer } from '../broker/broker-client.js';
import { endSpan, startPublishSpan, toMessage, type PublishableRow } from './publish-rows.js';

const heldEvents = new AsyncLocalStorage<PublishableRow[]>();

/**
 * Called by addToOutbox: inside `commitThenPublish`, the events are held in memory instead of being
 * written to the outbox table. Returns false everywhere else, which is every path by default.
 */
export function holdForDualWrite(events: SagaEvent[], traceHeaders: Record<string, string>): boolean {
  const held = heldEvents.getStore();
  if (!held) return false;
  for (const event of events) {
    const encoded = encodeEvent(event);
    held.push({
      event_id: event.id,
      topic: encoded.topic,
      message_key: encoded.key,
      payload: encoded.value,
      headers: { ...encoded.headers, ...traceHeaders },
    });
  }
  return true;
}

/**
 * The "dual write" the transactional outbox exists to avoid: commit, then publish straight to Kafka.
 * A crash or broker error between the two loses the events for good (the inbox has already recorded
 * the incoming event, so a retry skips it). It is here only as the benchmark's baseline, selected
 * by EVENT_DELIVERY=dual-write, so the outbox's cost is measured rather than guessed.
 */
export class DualWritePublisher {
  private producer: Promise<BrokerProducer> | undefined;

  constructor(private readonly connectProducer: () => Promise<BrokerProducer>) {}

  async commitThenPublish<T>(transaction: () => Promise<T>): Promise<T> {
    const held: PublishableRow[] = [];
    const result = await heldEvents.run(held, transaction);
    if (held.length > 0) await this.publish(held);
    return result;
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private async publish(rows: PublishableRow[]): Promise<void> {
    this.producer ??= this.connectProducer();
    const spans = rows.map(startPublishSpan);
    try {
      await (await this.producer).send(rows.map((row, index) => toMessage(row, spans[index]!)));
    } catch (error) {
      this.producer = undefined;
      for (const span of spans) endSpan(span, error as Error);
      throw error;
    }
    for (const span of spans) endSpan(span);
  }
}
