import path from 'node:path';
import { findSagaViolations } from '@saga-shop/testing';
import { benchSkus } from './load-generator.js';
import type { ModeResult } from './report.js';
import { SagaReadings } from './saga-readings.js';
import { StepRunner, type StepResult } from './step-runner.js';
import { rampRates, refineRate } from './sustainability.js';
import { createSystem, type BenchMode, type ModeOptions } from './systems.js';

export interface BenchSettings {
  stepSeconds: number;
  halfRateSeconds: number;
  overloadSeconds: number;
  idleSeconds: number;
  startRate: number;
  maxRate: number;
  /** Offered rates at which CPU per order is a headline figure, rate for rate across modes. */
  fixedRates: number[];
  idempotencyKeys: boolean;
  ramp: boolean;
}

export type Progress = (line: string) => void;

/**
 * One mode, start to finish: first order, warm-up, idle baseline, the fixed rates, the ramp to
 * the highest sustainable rate, half that rate for latency, twice it for overload, invariants.
 */
export async function runMode(
  mode: BenchMode,
  settings: BenchSettings,
  options: ModeOptions,
  progress: Progress,
  label = mode,
): Promise<ModeResult> {
  console.log(`\n== ${label}: starting`);
  const system = createSystem(mode, options);
  const readings = new SagaReadings();
  const steps: StepResult[] = [];
  try {
    await system.start();
    await system.restock(benchSkus);
    let runner = new StepRunner(system, readings, progress, settings.idempotencyKeys);
    const run = async (kind: string, rate: number, seconds: number) => {
      const step = await runner.run(`${label} ${kind}`, rate, seconds);
      const exited = system.exitedProcesses?.() ?? [];
      if (exited.length > 0) throw new Error(`${exited.join(', ')} exited during the step: the run is void`);
      steps.push(step);
      console.log(
        `\n${step.label} ${rate}/s: ${step.terminalPerSecond.toFixed(1)} terminal/s, p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms, ${step.cpuMsPerOrder ?? '—'} ms CPU/order — ${step.verdict.sustainable ? 'sustainable' : step.verdict.why}`,
      );
      return step;
    };
    // Fresh processes are slow for a while (JIT, pools filling, query plans): warm up gently and
    // long enough that the first measured step measures the system rather than its start-up.
    await run('warm-up', Math.max(5, Math.round(settings.startRate / 2)), 2 * settings.stepSeconds);
    const idle = await runner.measureIdle(settings.idleSeconds);
    runner = new StepRunner(system, readings, progress, settings.idempotencyKeys, idle);
    const fixed = [];
    for (const rate of settings.fixedRates) fixed.push(await run('fixed', rate, settings.stepSeconds));
    let sustained = 0;
    let halfRate: StepResult | undefined;
    let overload: StepResult | undefined;
    if (settings.ramp) {
      let firstBad: number | undefined;
      for (const rate of rampRates(settings.startRate, settings.maxRate)) {
        if (!(await run('ramp', rate, settings.stepSeconds)).verdict.sustainable) {
          firstBad = rate;
          break;
        }
        sustained = rate;
      }
      const between = refineRate(sustained, firstBad);
      if (between && (await run('ramp', between, settings.stepSeconds)).verdict.sustainable)
        sustained = between;
      if (sustained > 0) {
        halfRate = await run('half max', Math.max(5, Math.round(sustained / 2)), settings.halfRateSeconds);
        overload = await run('overload', 2 * sustained, settings.overloadSeconds);
      }
    }
    const violations = await findSagaViolations(steps.flatMap((step) => step.orderIds));
    return { mode: label, steps, idle, fixed, sustainedPerSecond: sustained, halfRate, overload, violations };
  } finally {
    await readings.close();
    await system.stop();
  }
}

export function profileDir(outDir: string, label: string): string {
  return path.join(outDir, `cpu-${label}`);
}
