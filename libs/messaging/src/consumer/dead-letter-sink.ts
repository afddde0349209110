import type { BrokerClient, IncomingMessage } from '../broker/broker-client.js';
import { consumerMetrics } from './consumer-metrics.js';
import { toDeadLetter, type DeadLetterKind } from './dead-letters.js';

/** Parks messages on `<topic>.dlq` with a lazily opened producer, reopened after a failed send. */
export class DeadLetterSink {
  private producer: ReturnType<BrokerClient['producer']> | undefined;

  constructor(
    private readonly client: BrokerClient,
    private readonly groupId: string,
  ) {}

  /** Throws when the letter could not be parked: the caller must not resolve the message. */
  async park(message: IncomingMessage, kind: DeadLetterKind, error: Error, attempts: number): Promise<void> {
    this.producer ??= this.client.producer();
    const letter = toDeadLetter(message, { kind, error, attempts, consumerGroup: this.groupId });
    try {
      await (await this.producer).send([letter]);
    } catch (sendError) {
      const broken = this.producer;
      this.producer = undefined;
      await broken.then((producer) => producer.disconnect()).catch(() => undefined);
      throw sendError;
    }
    consumerMetrics.deadLettered.inc({ topic: message.topic });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
