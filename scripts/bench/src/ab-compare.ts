import { benchSkus } from './load-generator.js';
import type { Progress } from './run-mode.js';
import { SagaReadings } from './saga-readings.js';
import { StepRunner } from './step-runner.js';
import { createSystem, type BenchMode, type ModeOptions } from './systems.js';

/** One side of a comparison: a mode, and the environment that distinguishes it. */
export interface Variant {
  label: string;
  mode: BenchMode;
  env: Record<string, string>;
}

/** `label:mode:VAR=value,VAR=value` (mode and env optional): e.g. `wait10:outbox:CONSUMER_FETCH_MAX_WAIT_MS=10`. */
export function parseVariant(spec: string): Variant {
  const [label = '', mode = 'outbox', settings = ''] = spec.split(':');
  const env = Object.fromEntries(
    settings
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
  return { label, mode: mode as BenchMode, env };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export interface AbMeasurement {
  variant: string;
  rate: number;
  cpuMsPerOrder: Spread;
  p50Ms: Spread;
}

export interface AbResult {
  rounds: number;
  rates: number[];
  variants: Variant[];
  measurements: AbMeasurement[];
}

export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, values };
}

/**
 * Interleaved A/B: round after round, each variant in turn (A B A B …) gets a fresh stack, a
 * warm-up, an idle baseline and a step at every rate, so drift on a noisy machine hits every
 * variant alike. Reports median and range per variant and rate.
 */
export async function compareInterleaved(
  variants: Variant[],
  rates: number[],
  rounds: number,
  stepSeconds: number,
  options: ModeOptions,
  progress: Progress,
): Promise<AbResult> {
  const samples = new Map<string, { cpu: number[]; p50: number[] }>();
  for (let round = 1; round <= rounds; round += 1) {
    for (const variant of round % 2 ? variants : [...variants].reverse()) {
      console.log(`\n== round ${round}/${rounds}: ${variant.label}`);
      const system = createSystem(variant.mode, { ...options, env: { ...options.env, ...variant.env } });
      const readings = new SagaReadings();
      try {
        await system.start();
        await system.restock(benchSkus);
        const warm = new StepRunner(system, readings, progress);
        await warm.run(
          `${variant.label} warm-up`,
          Math.max(5, Math.round((rates[0] ?? 20) / 2)),
          stepSeconds,
        );
        const idle = await warm.measureIdle(Math.max(3, Math.round(stepSeconds / 2)));
        const runner = new StepRunner(system, readings, progress, true, idle);
        for (const rate of rates) {
          const step = await runner.run(`${variant.label} ${rate}/s`, rate, stepSeconds);
          const key = `${variant.label}@${rate}`;
          const entry = samples.get(key) ?? { cpu: [], p50: [] };
          entry.cpu.push(step.cpuMsPerOrder ?? Number.NaN);
          entry.p50.push(step.latencyMs.p50 ?? Number.NaN);
          samples.set(key, entry);
          console.log(`\n${key}: ${step.cpuMsPerOrder} ms CPU/order, p50 ${step.latencyMs.p50} ms`);
        }
      } finally {
        await readings.close();
        await system.stop();
      }
    }
  }
  const measurements = variants.flatMap((variant) =>
    rates.map((rate) => {
      const entry = samples.get(`${variant.label}@${rate}`)!;
      return { variant: variant.label, rate, cpuMsPerOrder: spreadOf(entry.cpu), p50Ms: spreadOf(entry.p50) };
    }),
  );
  return { rounds, rates, variants, measurements };
}

/** Keep B over A only when the medians differ by more than the larger of the two ranges. */
export function verdict(a: Spread, b: Spread): 'better' | 'worse' | 'within the spread' {
  const spread = Math.max(a.max - a.min, b.max - b.min);
  if (a.median - b.median > spread) return 'better';
  if (b.median - a.median > spread) return 'worse';
  return 'within the spread';
}
