import type { ServiceName } from '@saga-shop/testing';
import { ResourceSampler, type ResourceSample } from './resource-sampler.js';
import type { SagaReadings } from './saga-readings.js';
import { summarize, type Summary } from './statistics.js';
import { judgeStep, type Verdict } from './sustainability.js';
import { mergeBuckets, parseRelayLag, summarizeBetween } from './relay-lag-histogram.js';
import type { SystemUnderTest } from './system-under-test.js';

export interface TimelinePoint {
  /** Seconds since the step started, by the time the orders were placed. */
  second: number;
  placed: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface StepResult {
  label: string;
  offeredPerSecond: number;
  durationSeconds: number;
  accepted: number;
  errors: Record<string, number>;
  refused: { withRetryAfter: number; withoutRetryAfter: number };
  terminalPerSecond: number;
  openAtEnd: number;
  completed: number;
  cancelled: number;
  latencyMs: Summary;
  relayLagMs: Summary;
  maxOutboxBacklog: Record<ServiceName, number>;
  resources: Record<string, { cpuPercentAvg: number; rssMbMax: number }>;
  /**
   * CPU time of the system's processes (services or floor, PostgreSQL, Kafka, Jaeger; not the load
   * generator) above their idle use, per order that reached a terminal state during the step.
   */
  cpuMsPerOrder?: number;
  timeline: TimelinePoint[];
  verdict: Verdict;
  orderIds: string[];
}

/** CPU ms per second each process tree uses with no load at all (subtracted from a step's). */
export type IdleBaseline = Record<string, number>;

/** Runs one step: offered load for a while, sampling once a second, then a drain and the readings. */
export class StepRunner {
  constructor(
    private readonly system: SystemUnderTest,
    private readonly readings: SagaReadings,
    private readonly progress: (line: string) => void,
    private readonly withKeys = true,
    private readonly idle: IdleBaseline = {},
  ) {}

  /** What each process tree of the system uses per second while nothing is offered. */
  async measureIdle(seconds: number): Promise<IdleBaseline> {
    const sampler = new ResourceSampler(this.system.processRoots());
    sampler.sample();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
    const idle = sampler.sample();
    return Object.fromEntries(Object.entries(idle).map(([name, sample]) => [name, sample.cpuPercent * 10]));
  }

  async run(label: string, rate: number, seconds: number): Promise<StepResult> {
    const generator = this.system.newLoad(this.withKeys);
    const sampler = new ResourceSampler({ ...this.system.processRoots(), 'load generator': process.pid });
    sampler.sample();
    const startedAt = new Date(Date.now() - 1_000); // margin for the order service's clock read
    const relayLagBefore = await this.scrapeRelayLag();
    const samples: Record<string, ResourceSample>[] = [];
    const maxBacklog: Partial<Record<ServiceName, number>> = {};
    let sent = 0;
    let second = 0;
    const ticker = setInterval(() => {
      second += 1;
      const resources = sampler.sample();
      samples.push(resources);
      void Promise.all([this.readings.openOrders(startedAt), this.readings.outboxBacklog()]).then(
        ([open, backlog]) => {
          for (const [name, rows] of Object.entries(backlog) as [ServiceName, number][])
            maxBacklog[name] = Math.max(maxBacklog[name] ?? 0, rows);
          const cpu = Object.entries(resources)
            .map(([name, sample]) => `${name.slice(0, 4)} ${Math.round(sample.cpuPercent)}`)
            .join(' ');
          this.progress(
            `${label} ${rate}/s t=${second}s sent=${sent} open=${open} outbox=${Object.values(backlog).join('/')} cpu% ${cpu}`,
          );
        },
        () => undefined,
      );
    }, 1_000);
    const load = await generator
      .run(rate, seconds * 1_000, (count) => (sent = count))
      .finally(() => {
        clearInterval(ticker);
        generator.close();
      });
    const endedAt = new Date();
    // A system that falls behind makes the load return late: rates are over the real window.
    const windowSeconds = Math.max(seconds, (endedAt.getTime() - startedAt.getTime() - 1_000) / 1_000);
    const openAtEnd = await this.readings.openOrders(startedAt);
    await this.drain(startedAt);

    const orderIds = load.accepted.map((order) => order.orderId);
    const timings = await this.readings.orderTimings(orderIds);
    const finished = timings.filter((timing) => timing.terminalAt !== undefined);
    const terminalInStep = finished.filter((timing) => timing.terminalAt! <= endedAt.getTime()).length;
    const errors = Object.values(load.errors).reduce((sum, count) => sum + count, 0);
    const outcome = {
      offeredPerSecond: rate,
      durationSeconds: seconds,
      errors,
      terminalPerSecond: terminalInStep / windowSeconds,
      openAtEnd,
    };
    const latencies = finished.map((timing) => timing.terminalAt! - timing.placedAt);
    const resources = averageResources(samples);
    // The load generator is the client, not the system; idle use is not the orders'.
    const busyMsPerSecond = Object.entries(resources)
      .filter(([name]) => name !== 'load generator')
      .reduce(
        (sum, [name, sample]) => sum + Math.max(0, sample.cpuPercentAvg * 10 - (this.idle[name] ?? 0)),
        0,
      );
    return {
      label,
      ...outcome,
      accepted: load.accepted.length,
      errors: load.errors,
      refused: load.refused,
      completed: timings.filter((timing) => timing.status === 'COMPLETED').length,
      cancelled: timings.filter((timing) => timing.status === 'CANCELLED').length,
      latencyMs: summarize(latencies),
      relayLagMs: summarizeBetween(relayLagBefore, await this.scrapeRelayLag()),
      maxOutboxBacklog: maxBacklog as Record<ServiceName, number>,
      resources,
      cpuMsPerOrder:
        terminalInStep > 0
          ? Math.round((busyMsPerSecond / (terminalInStep / windowSeconds)) * 10) / 10
          : undefined,
      timeline: timelineOf(finished, startedAt.getTime() + 1_000),
      verdict: judgeStep(outcome),
      orderIds,
    };
  }

  /** The relays' own commit -> Kafka-ack histogram (see libs/messaging's publish-rows.ts). */
  private async scrapeRelayLag() {
    const texts = await Promise.all(
      this.system.metricsUrls().map(async (url) => (await fetch(`${url}/metrics`)).text()),
    );
    return mergeBuckets(texts.map(parseRelayLag));
  }

  /** Waits (up to 90 s) for the step's orders to finish, so the next step starts from a quiet system. */
  private async drain(since: Date): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await this.readings.openOrders(since)) > 0)
      await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function averageResources(samples: Record<string, ResourceSample>[]) {
  const result: Record<string, { cpuPercentAvg: number; rssMbMax: number }> = {};
  for (const name of Object.keys(samples[0] ?? {})) {
    const mine = samples.map((sample) => sample[name]!);
    result[name] = {
      cpuPercentAvg:
        Math.round((mine.reduce((sum, sample) => sum + sample.cpuPercent, 0) / mine.length) * 10) / 10,
      rssMbMax: Math.round(Math.max(...mine.map((sample) => sample.rssMb))),
    };
  }
  return result;
}

/** p50 and p99 POST-to-terminal latency of the orders placed in each second of the step. */
export function timelineOf(
  finished: { placedAt: number; terminalAt?: number }[],
  stepStart: number,
): TimelinePoint[] {
  const buckets = new Map<number, number[]>();
  for (const timing of finished) {
    const second = Math.floor((timing.placedAt - stepStart) / 1_000);
    buckets.set(second, [...(buckets.get(second) ?? []), timing.terminalAt! - timing.placedAt]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, latencies]) => {
      const summary = summarize(latencies);
      return { second, placed: latencies.length, p50Ms: summary.p50, p99Ms: summary.p99 };
    });
}
