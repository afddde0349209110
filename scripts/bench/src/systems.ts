import { BenchStack, type StackOptions } from './bench-stack.js';
import type { SystemUnderTest } from './system-under-test.js';

/** `outbox` and `dual-write` run the four services; `floor` the same saga without any framework. */
export type BenchMode = 'outbox' | 'dual-write' | 'floor';
export const benchModes: readonly BenchMode[] = ['outbox', 'dual-write', 'floor'];

export type ModeOptions = StackOptions;

export function createSystem(mode: BenchMode, options: ModeOptions): SystemUnderTest {
  if (mode === 'floor') throw new Error('the floor mode is not available yet');
  return new BenchStack(mode, options);
}
