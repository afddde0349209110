import { describe, expect, it } from '@jest/globals';
import { judgeStep, rampRates, refineRate } from './sustainability.js';

const step = { offeredPerSecond: 100, durationSeconds: 20, errors: 0, terminalPerSecond: 99, openAtEnd: 30 };

describe('sustainable rate', () => {
  it('accepts a step that kept up with a small backlog', () => {
    expect(judgeStep(step).sustainable).toBe(true);
  });

  it('rejects failed requests, falling behind, and a backlog over one second of arrivals', () => {
    expect(judgeStep({ ...step, errors: 1 })).toMatchObject({ sustainable: false, why: '1 requests failed' });
    expect(judgeStep({ ...step, terminalPerSecond: 80 }).why).toBe('finished 80 % of the offered rate');
    expect(judgeStep({ ...step, openAtEnd: 101 }).sustainable).toBe(false);
  });

  it('ramps geometrically with readable rates', () => {
    expect(rampRates(20, 200)).toEqual([20, 30, 40, 55, 75, 110, 150]);
  });

  it('refines between the last good and the first bad rate', () => {
    expect(refineRate(100, 150)).toBe(125);
    expect(refineRate(100, 105)).toBeUndefined();
    expect(refineRate(100, undefined)).toBeUndefined();
  });
});
