import { describe, expect, it } from '@jest/globals';
import { mergeBuckets, parseRelayLag, summarizeBetween } from './relay-lag-histogram.js';

const scrape = (service: string, counts: [string, number][]) =>
  counts
    .map(([le, count]) => `outbox_relay_lag_seconds_bucket{le="${le}",service="${service}"} ${count}`)
    .join('\n');

describe('relay lag from the relay histogram', () => {
  it('sums services and interpolates inside a bucket, counting only what happened between scrapes', () => {
    const before = mergeBuckets([
      parseRelayLag(
        scrape('order', [
          ['0.001', 5],
          ['0.002', 5],
          ['0.005', 5],
          ['+Inf', 5],
        ]),
      ),
    ]);
    const after = mergeBuckets([
      parseRelayLag(
        scrape('order', [
          ['0.001', 5],
          ['0.002', 55],
          ['0.005', 105],
          ['+Inf', 105],
        ]),
      ),
      parseRelayLag(
        `# HELP other\n${scrape('payment', [
          ['0.001', 0],
          ['0.002', 0],
          ['0.005', 0],
          ['+Inf', 0],
        ])}`,
      ),
    ]);
    const summary = summarizeBetween(before, after);
    expect(summary.count).toBe(100);
    // 50 of 100 fall in (1 ms, 2 ms]: the median is that bucket's upper edge.
    expect(summary.p50).toBeCloseTo(2, 5);
    expect(summary.p99).toBeCloseTo(2 + (3 * 49) / 50, 5);
  });

  it('reports nothing when nothing was published', () => {
    const same = parseRelayLag(
      scrape('order', [
        ['0.001', 3],
        ['+Inf', 3],
      ]),
    );
    expect(summarizeBetween(same, same)).toEqual({ count: 0 });
  });
});
