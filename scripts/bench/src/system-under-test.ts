import type { LoadResult } from './load-generator.js';

/** What places orders during a step: over REST for the services, by command for the floor. */
export interface OrderLoad {
  run(ratePerSecond: number, durationMs: number, onTick?: (sent: number) => void): Promise<LoadResult>;
  close(): void;
}

/**
 * What a benchmark mode runs: the four services (with the outbox or the dual-write baseline), or
 * the floor (the same saga without framework, ORM, HTTP or tracing). The step runner samples the
 * process trees, scrapes the relay-lag histogram where there is one, and drives the load.
 */
export interface SystemUnderTest {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Gives the SKUs the bench orders so much stock that no order is cancelled for want of it. */
  restock(skus: string[]): Promise<void>;
  /** Process trees of the system (its processes, PostgreSQL, Kafka, Jaeger) by name. */
  processRoots(): Record<string, number>;
  /** Base URLs whose /metrics carry outbox_relay_lag_seconds (none for the floor). */
  metricsUrls(): string[];
  newLoad(withIdempotencyKeys: boolean): OrderLoad;
  /** Processes that exited on their own (the floor's, when services joined its groups). */
  exitedProcesses?(): string[];
}
