import { BenchStack, type StackOptions } from './bench-stack.js';
import { FloorStack } from './floor/floor-stack.js';
import type { SystemUnderTest } from './system-under-test.js';

/** `outbox` and `dual-write` run the four services; `floor` the same saga without any framework. */
export type BenchMode = 'outbox' | 'dual-write' | 'floor';
export const benchModes: readonly BenchMode[] = ['outbox', 'dual-write', 'floor'];

export type ModeOptions = StackOptions;

export function createSystem(mode: BenchMode, options: ModeOptions): SystemUnderTest {
  // The floor has no tracing to sample; only FLOOR_* variables of an A/B variant reach it.
  if (mode === 'floor') return new FloorStack({ cpuProfileDir: options.cpuProfileDir, env: options.env });
  return new BenchStack(mode, options);
}
