import { describe, expect, it } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition rather than a fixed time, so a loaded machine cannot fail the test. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('PeriodicTask', () => {
  it('never overlaps runs and waits for the run in flight when stopped', async () => {
    let active = 0;
    let maxActive = 0;
    let finished = 0;
    const task = new PeriodicTask(
      5,
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(30);
        active -= 1;
        finished += 1;
      },
      () => undefined,
    );
    task.start();
    // Several runs, each longer than the interval: a timer-driven overlap would have happened.
    await until(() => finished >= 3);
    await until(() => active === 1);
    await task.stop();
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(4);
  });

  it('reports a failed run and keeps going', async () => {
    const errors: string[] = [];
    let runs = 0;
    const task = new PeriodicTask(
      5,
      async () => {
        runs += 1;
        throw new Error(`run ${runs} failed`);
      },
      (error) => errors.push(error.message),
    );
    task.start();
    await until(() => runs >= 2);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toBe('run 1 failed');
  });
});
