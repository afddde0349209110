import type { BrokerProducer } from '../broker/broker-client.js';
import type { PublishableRow } from './outbox-row.js';
import { endSpan, startPublishSpan, toMessage } from './publish-rows.js';

/**
 * The "dual write" the transactional outbox exists to avoid: commit, then publish straight to Kafka.
 * A crash or broker error between the two loses the events for good (the inbox has already recorded
 * the incoming event, so a retry skips it). It is here only as the benchmark's baseline, selected
 * by EVENT_DELIVERY=dual-write, so the outbox's cost is measured rather than guessed; the
 * TransactionRunner is the one place that knows about it.
 */
export class DualWritePublisher {
  private producer: Promise<BrokerProducer> | undefined;

  constructor(private readonly connectProducer: () => Promise<BrokerProducer>) {}

  async publish(rows: readonly PublishableRow[]): Promise<void> {
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

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
