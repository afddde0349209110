import type { Summary } from './statistics.js';

/** Cumulative bucket counts of `outbox_relay_lag_seconds`, summed over services: le (s) → count. */
export type Buckets = Map<number, number>;

/** Parses the relay-lag histogram out of Prometheus text (every `service` label summed). */
export function parseRelayLag(metricsText: string): Buckets {
  const buckets: Buckets = new Map();
  const line = /^outbox_relay_lag_seconds_bucket\{([^}]*)\} (\S+)$/gm;
  for (const [, labels, value] of metricsText.matchAll(line)) {
    const le = /le="([^"]+)"/.exec(labels!)?.[1];
    if (!le) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(value));
  }
  return buckets;
}

export function mergeBuckets(all: Buckets[]): Buckets {
  const merged: Buckets = new Map();
  for (const buckets of all)
    for (const [bound, count] of buckets) merged.set(bound, (merged.get(bound) ?? 0) + count);
  return merged;
}

/**
 * Percentiles (ms) of what was observed between two scrapes, interpolated linearly inside a bucket
 * as Prometheus' histogram_quantile does; a quantile in the +Inf bucket reports the last bound.
 */
export function summarizeBetween(before: Buckets, after: Buckets): Summary {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const count = cumulative.at(-1) ?? 0;
  if (count === 0) return { count: 0 };
  const quantile = (q: number) => {
    const rank = q * count;
    const index = cumulative.findIndex((seen) => seen >= rank);
    const upper = bounds[index]!;
    const lower = index === 0 ? 0 : bounds[index - 1]!;
    if (!Number.isFinite(upper)) return lower * 1_000;
    const below = index === 0 ? 0 : cumulative[index - 1]!;
    const inBucket = cumulative[index]! - below;
    return (lower + ((upper - lower) * (rank - below)) / Math.max(1, inBucket)) * 1_000;
  };
  return { count, p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) };
}
