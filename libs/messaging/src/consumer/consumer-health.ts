import { Gauge, register } from 'prom-client';

export type ConsumerState = 'starting' | 'running' | 'waiting' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  /** When the consumer entered this state. */
  since: Date;
  /** For `waiting` and `crashed`: what it waits on, or why it crashed. */
  reason?: string;
}

/** The process's consumer, read at scrape time (one consumer per service process). */
let scraped: ConsumerHealth | undefined;
function scrapeFrom(health: ConsumerHealth): void {
  scraped = health;
}

if (!register.getSingleMetric('consumer_waiting_seconds')) {
  new Gauge({
    name: 'consumer_waiting_seconds',
    help: 'How long the consumer has been waiting on its database or broker (0 while it flows).',
    collect() {
      const status = scraped?.current;
      this.set(status?.state === 'waiting' ? (Date.now() - status.since.getTime()) / 1_000 : 0);
    },
  });
}

/**
 * What readiness and the metrics say about a service's consumer. `waiting` means an outage holds
 * it (it retries for as long as the outage lasts); `crashed` means the client gave up and it is
 * being restarted. Neither is ready: a dead or stuck consumer never looks healthy.
 */
export class ConsumerHealth {
  private status: ConsumerStatus = { state: 'starting', since: new Date() };

  constructor() {
    scrapeFrom(this);
  }

  get current(): ConsumerStatus {
    return this.status;
  }

  get ready(): boolean {
    return this.status.state === 'running';
  }

  running(): void {
    if (this.status.state !== 'running') this.status = { state: 'running', since: new Date() };
  }

  /** Keeps the first `since` of an outage, so "waiting since" names when it began. */
  waiting(reason: string): boolean {
    const first = this.status.state !== 'waiting';
    this.status = { state: 'waiting', since: first ? new Date() : this.status.since, reason };
    return first;
  }

  crashed(reason: string): void {
    this.status = { state: 'crashed', since: new Date(), reason };
  }

  stopped(): void {
    this.status = { state: 'stopped', since: new Date() };
  }
}
