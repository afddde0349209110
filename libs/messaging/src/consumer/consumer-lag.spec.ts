import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { register } from 'prom-client';
import { messagesBehind } from './batch-pipeline.js';
import { consumerMetrics } from './consumer-metrics.js';

async function lagSeries() {
  const metric = await register.getSingleMetric('consumer_lag_messages')!.get();
  return metric.values.map(({ labels, value }) => ({ ...labels, value }));
}

describe('consumer lag', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts the messages after the one handled, as of the fetch, never below zero', () => {
    // High watermark 10: offsets 0..9 exist; having handled 9 leaves nothing behind.
    expect(messagesBehind('10', '9')).toBe(0);
    expect(messagesBehind('10', '4')).toBe(5);
    expect(messagesBehind('9007199254740999', '9007199254740990')).toBe(8);
    // A stale high watermark (the fetch was older than what a later batch handled).
    expect(messagesBehind('3', '7')).toBe(0);
  });

  it('reports each partition until this member has not resolved it for a minute', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T12:00:00Z') });
    consumerMetrics.lag.set({ topic: 'order.placed.v1', partition: '0' }, 12);
    consumerMetrics.lag.set({ topic: 'order.placed.v1', partition: '1' }, 3);
    jest.advanceTimersByTime(30_000);
    consumerMetrics.lag.set({ topic: 'order.placed.v1', partition: '1' }, 0);
    expect(await lagSeries()).toEqual([
      { topic: 'order.placed.v1', partition: '0', value: 12 },
      { topic: 'order.placed.v1', partition: '1', value: 0 },
    ]);

    // Partition 0 moved to another member in a rebalance: its last value must not linger.
    jest.advanceTimersByTime(31_000);
    expect(await lagSeries()).toEqual([{ topic: 'order.placed.v1', partition: '1', value: 0 }]);
  });
});
