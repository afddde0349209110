import { describe, expect, it } from '@jest/globals';
import { parseVariant, spreadOf, verdict } from './ab-compare.js';

describe('interleaved A/B', () => {
  it('reads a variant as label, mode and environment', () => {
    expect(parseVariant('wait10:outbox:CONSUMER_FETCH_MAX_WAIT_MS=10,CONSUMER_FETCH_MIN_BYTES=1')).toEqual({
      label: 'wait10',
      mode: 'outbox',
      env: { CONSUMER_FETCH_MAX_WAIT_MS: '10', CONSUMER_FETCH_MIN_BYTES: '1' },
    });
    expect(parseVariant('floor:floor')).toEqual({ label: 'floor', mode: 'floor', env: {} });
  });

  it('takes the median and the range of the rounds', () => {
    expect(spreadOf([9, 7, 8])).toMatchObject({ median: 8, min: 7, max: 9 });
    expect(spreadOf([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });

  it('keeps a change only when the medians differ by more than the spread', () => {
    const baseline = spreadOf([10, 11, 12]);
    expect(verdict(baseline, spreadOf([7, 7.5, 8]))).toBe('better');
    expect(verdict(baseline, spreadOf([9, 10, 11]))).toBe('within the spread');
    expect(verdict(baseline, spreadOf([14, 15, 15.5]))).toBe('worse');
  });
});
