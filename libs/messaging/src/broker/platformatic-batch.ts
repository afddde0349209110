import type { IncomingBatch } from './broker-client.js';
import { BrokerError } from './broker-error.js';
import type { FetchedPartition } from './platformatic-fetch.js';

export interface BatchHooks {
  /** The member still holds the partition in the generation that fetched it. */
  holds(): boolean;
  /** Holds it, and is not stopping. */
  isActive(): boolean;
  resolve(offset: string): void;
  pause(ms: number): void;
}

/** One partition's part of a fetch, as the port hands it to the handler. */
export function platformaticBatch(part: FetchedPartition, hooks: BatchHooks): IncomingBatch {
  return {
    topic: part.topic,
    partition: part.partition,
    messages: part.messages,
    highWatermark: part.highWatermark.toString(),
    resolve: (offset) => hooks.resolve(offset),
    // The library heartbeats on its own timer, whatever the handler does; what is left to tell the
    // handler is that a rebalance took the partition away.
    heartbeat: async () => {
      if (!hooks.holds())
        throw new BrokerError(
          'the group rebalanced: the batch is not ours any more',
          'REBALANCE_IN_PROGRESS',
        );
    },
    pauseFor: (ms) => hooks.pause(ms),
    isActive: () => hooks.isActive(),
  };
}
