import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@saga-shop/testing';

// `npm run chaos` in miniature: 40 s of orders of every kind while each service is killed and
// restarted, PostgreSQL and Kafka are stopped and started and a service is frozen. Every accepted
// order must end terminal with every invariant holding; the report must say what happened.
const run = promisify(execFile);

interface ChaosResult {
  accepted: number;
  outcomes: Record<string, Record<string, number>>;
  faults: { fault: { kind: string; target: string }; drainSeconds?: number }[];
  violations: string[];
}

describe('npm run chaos (short run)', () => {
  it('ends with every order terminal and no invariant broken after every kind of fault', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=saga-shop-source',
        '--import',
        'tsx',
        'scripts/chaos/src/main.ts',
        '--seconds',
        '40',
        '--rate',
        '4',
        '--drain-seconds',
        '180',
      ],
      { cwd: workspaceRoot, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const reportDir = /Report: (\S+)\/report\.md/.exec(stdout)?.[1];
    expect(reportDir).toBeDefined();
    const result = JSON.parse(
      readFileSync(path.join(workspaceRoot, reportDir!, 'result.json'), 'utf8'),
    ) as ChaosResult;
    expect(result.violations).toEqual([]);
    expect(result.accepted).toBeGreaterThan(50);
    const outcomes = Object.values(result.outcomes).flatMap((byOutcome) => Object.keys(byOutcome));
    expect(outcomes.filter((outcome) => outcome.startsWith('open'))).toEqual([]);
    expect(result.faults.map(({ fault }) => `${fault.kind} ${fault.target}`)).toEqual([
      'kill inventory',
      'kill payment',
      'kill fulfilment',
      'kill order',
      'stop postgres',
      'stop kafka',
      'freeze payment',
    ]);
    expect(result.faults.every((fault) => fault.drainSeconds !== undefined)).toBe(true);
  }, 600_000);
});
