import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AdaptivePoll, Backoff, WakeableSleep } from './relay-timing.js';

const delays = (backoff: Backoff, count: number) => Array.from({ length: count }, () => backoff.next());

describe('Backoff', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('doubles its ceiling per attempt from initialMs up to maxMs', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    expect(delays(new Backoff(100, 1_000), 6)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('never waits less than half the ceiling', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(delays(new Backoff(100, 1_000), 6)).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('spreads retries between half and all of the ceiling, so replicas do not retry together', () => {
    const backoff = new Backoff(100, 100);
    const seen = delays(backoff, 200);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...seen)).toBeLessThanOrEqual(100);
    expect(new Set(seen).size).toBeGreaterThan(10);
  });

  it('starts over from initialMs after reset', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const backoff = new Backoff(100, 5_000);
    delays(backoff, 5);
    backoff.reset();
    expect(delays(backoff, 2)).toEqual([100, 200]);
  });
});

describe('AdaptivePoll', () => {
  it('doubles from busyMs towards idleMs while polls come back empty, never beyond idleMs', () => {
    const poll = new AdaptivePoll(5, 100);
    expect(Array.from({ length: 7 }, () => poll.next(false))).toEqual([10, 20, 40, 80, 100, 100, 100]);
  });

  it('drops straight back to busyMs as soon as a poll finds rows', () => {
    const poll = new AdaptivePoll(5, 250);
    for (let index = 0; index < 10; index += 1) poll.next(false);
    expect(poll.next(true)).toBe(5);
    expect(poll.next(true)).toBe(5);
    expect(poll.next(false)).toBe(10);
  });
});

describe('WakeableSleep', () => {
  const timed = async (sleeping: Promise<boolean>) => {
    const started = performance.now();
    await sleeping;
    return performance.now() - started;
  };

  it('ends a sleep early when woken', async () => {
    const sleep = new WakeableSleep();
    const sleeping = timed(sleep.for(10_000));
    sleep.wake();
    expect(await sleeping).toBeLessThan(100);
  });

  it('says whether a wake or the time ended it', async () => {
    const sleep = new WakeableSleep();
    expect(await sleep.for(5)).toBe(false);
    const sleeping = sleep.for(10_000);
    sleep.wake();
    expect(await sleeping).toBe(true);
  });

  it('remembers one wake that came while nobody slept, so that commit is not left for the poll', async () => {
    const sleep = new WakeableSleep();
    sleep.wake();
    sleep.wake();
    expect(await timed(sleep.for(10_000))).toBeLessThan(100);
    expect(await timed(sleep.for(50))).toBeGreaterThanOrEqual(45);
  });
});
