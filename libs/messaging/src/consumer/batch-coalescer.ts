import type { IncomingBatch } from '../broker/broker-client.js';

/**
 * kafkajs hands each partition's batch of a fetch to its own call, all within one turn of the
 * event loop. Collecting them until the next turn lets one transaction (one inbox claim, one
 * outbox insert, one commit) serve every partition, instead of one per partition.
 */
export class BatchCoalescer {
  private waiting: { batch: IncomingBatch; done: () => void }[] = [];

  constructor(
    private readonly handle: (batches: IncomingBatch[]) => Promise<void>,
    private readonly onError: (error: Error, batches: IncomingBatch[]) => void,
  ) {}

  submit(batch: IncomingBatch): Promise<void> {
    return new Promise((done) => {
      this.waiting.push({ batch, done });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    const batches = group.map((entry) => entry.batch);
    try {
      await this.handle(batches);
    } catch (error) {
      this.onError(error as Error, batches);
    } finally {
      for (const entry of group) entry.done();
    }
  }
}
