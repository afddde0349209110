import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@saga-shop/testing';

// The benchmark's whole procedure in miniature (both delivery modes, a two-step ramp, the
// half-rate phase, the invariants): it proves `npm run bench` works from a fresh clone. Speed is
// what the benchmark reports, never what a test asserts, so nothing here depends on the numbers.
const run = promisify(execFile);

interface BenchResult {
  modes: {
    mode: string;
    sustainedPerSecond: number;
    violations: string[];
    steps: {
      label: string;
      accepted: number;
      completed: number;
      latencyMs: { count: number; p50?: number };
    }[];
  }[];
}

describe('npm run bench (smoke run)', () => {
  it('drives orders in both delivery modes and writes a result with zero invariant violations', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=saga-shop-source',
        '--import',
        'tsx',
        'scripts/bench/src/main.ts',
        '--modes',
        'outbox,dual-write',
        '--start-rate',
        '5',
        '--max-rate',
        '7',
        '--step-seconds',
        '2',
        '--half-seconds',
        '2',
        '--overload-seconds',
        '2',
        '--fixed-rates',
        '5',
      ],
      { cwd: workspaceRoot, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const reportPath = /Report: (\S+)\/report\.md/.exec(stdout)?.[1];
    expect(reportPath).toBeDefined();
    const outDir = path.join(workspaceRoot, reportPath!);
    const result = JSON.parse(readFileSync(path.join(outDir, 'result.json'), 'utf8')) as BenchResult;

    expect(result.modes.map((mode) => mode.mode)).toEqual(['outbox', 'dual-write']);
    for (const mode of result.modes) {
      expect(mode.violations).toEqual([]);
      const labels = mode.steps.map((step) => step.label.replace(`${mode.mode} `, ''));
      expect(labels[0]).toBe('warm-up');
      expect(labels).toContain('ramp');
      for (const step of mode.steps) {
        expect(step.accepted).toBeGreaterThan(0);
        expect(step.completed).toBe(step.accepted);
        expect(step.latencyMs.count).toBe(step.accepted);
      }
    }
    const report = readFileSync(path.join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('| sustained orders/s to a terminal state (outbox) |');
    expect(readFileSync(path.join(outDir, 'latency-outbox.svg'), 'utf8')).toMatch(/^<svg[\s\S]*class="p99"/);
  }, 600_000);
});
