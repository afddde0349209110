import { describe, expect, it } from '@jest/globals';
import { percentile, summarize } from './statistics.js';

describe('percentiles (nearest rank)', () => {
  it('takes the value at the rank, not an interpolation', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('handles one value and no values', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
    expect(summarize([])).toEqual({ count: 0 });
  });
});
