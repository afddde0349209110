// npm run bench: the saga natively, driven at fixed offered rates (CPU per order, rate for rate),
// then at rising rates until it falls behind, at half that rate (latency) and at twice it
// (overload); with the transactional outbox, the unsafe dual-write baseline and the floor (the
// same saga without framework, ORM, HTTP or tracing). `--ab` instead compares variants in
// interleaved rounds. Writes .bench/<date>/ (JSON, markdown, SVG plots).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { workspaceRoot } from '@saga-shop/testing';
import { compareInterleaved, parseVariant } from './ab-compare.js';
import { latencyPlot, type PlotPoint } from './latency-plot.js';
import { abTable, fullReport, headlineTable, type BenchResult, type ModeResult } from './report.js';
import { profileDir, runMode, type BenchSettings } from './run-mode.js';
import type { BenchMode } from './systems.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    modes: { type: 'string', default: 'outbox,dual-write,floor' },
    quick: { type: 'boolean', default: false },
    'start-rate': { type: 'string', default: '50' },
    'max-rate': { type: 'string', default: '1600' },
    'fixed-rates': { type: 'string', default: '50,200' },
    'step-seconds': { type: 'string' },
    'half-seconds': { type: 'string' },
    'overload-seconds': { type: 'string' },
    'no-ramp': { type: 'boolean', default: false },
    'update-readme': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
    // 'sampled' (1 % of orders, the default here), 'all' (every order, as npm start), 'off'.
    tracing: { type: 'string', default: 'sampled' },
    // Orders without an Idempotency-Key (then a keep-alive reset is counted as a failed request).
    'no-idempotency-keys': { type: 'boolean', default: false },
    // Interleaved A/B: the variants are the positional arguments, `label:mode:VAR=value,...`.
    ab: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const settings: BenchSettings & Record<string, unknown> = {
  stepSeconds: Number(args['step-seconds'] ?? (args.quick ? 5 : 15)),
  halfRateSeconds: Number(args['half-seconds'] ?? (args.quick ? 8 : 30)),
  overloadSeconds: Number(args['overload-seconds'] ?? (args.quick ? 8 : 30)),
  idleSeconds: args.quick ? 3 : 10,
  startRate: Number(args['start-rate']),
  maxRate: Number(args['max-rate']),
  fixedRates: args['fixed-rates'].split(',').filter(Boolean).map(Number),
  idempotencyKeys: !args['no-idempotency-keys'],
  ramp: !args['no-ramp'],
  tracing: args.tracing,
};
const tracing = args.tracing as 'sampled' | 'all' | 'off';
const startedAt = new Date().toISOString();
const outDir = path.join(workspaceRoot, '.bench', startedAt.replace(/[:.]/g, '-'));
mkdirSync(outDir, { recursive: true });

function progress(line: string) {
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(110).slice(0, 110)}`);
  else if (/ t=\d*[05]s /.test(line)) console.log(line);
}

function machine(): string {
  const cpus = os.cpus();
  const kafkaPom = readFileSync(path.join(workspaceRoot, 'infra/local/kafka/pom.xml'), 'utf8');
  const kafka = /<kafka.version>([^<]+)</.exec(kafkaPom)?.[1] ?? '?';
  return `${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}; Node ${process.version}; Kafka ${kafka} (1 broker, KRaft); PostgreSQL 15; everything on this one machine`;
}

function plotPoints(mode: ModeResult): PlotPoint[] {
  let offset = 0;
  return mode.steps.flatMap((step) => {
    const points = step.timeline.map((point) => ({
      ...point,
      second: point.second + offset,
      offeredPerSecond: step.offeredPerSecond,
    }));
    offset += step.durationSeconds;
    return points;
  });
}

if (args.ab) {
  const variants = positionals.map(parseVariant);
  const ab = await compareInterleaved(
    variants,
    settings.fixedRates,
    Number(args.rounds),
    settings.stepSeconds,
    { tracing },
    progress,
  );
  writeFileSync(
    path.join(outDir, 'ab.json'),
    JSON.stringify({ date: startedAt, machine: machine(), ...ab }, null, 2),
  );
  const report = `# saga-shop A/B, ${startedAt}\n\nMachine: ${machine()}\n\n${abTable(ab)}\n`;
  writeFileSync(path.join(outDir, 'ab.md'), report);
  console.log(`\n${abTable(ab)}\n\nReport: ${path.relative(workspaceRoot, outDir)}/ab.md`);
  process.exit(0);
}

const result: BenchResult = { date: startedAt, machine: machine(), settings, modes: [] };
for (const mode of args.modes.split(',').map((name) => name.trim()) as BenchMode[]) {
  const cpuProfileDir = args['cpu-profile'] ? profileDir(outDir, mode) : undefined;
  result.modes.push(await runMode(mode, settings, { tracing, cpuProfileDir }, progress));
}

writeFileSync(
  path.join(outDir, 'result.json'),
  JSON.stringify(result, (key, value) => (key === 'orderIds' ? undefined : value), 2),
);
writeFileSync(path.join(outDir, 'report.md'), fullReport(result));
for (const mode of result.modes)
  writeFileSync(
    path.join(outDir, `latency-${mode.mode}.svg`),
    latencyPlot(`POST→terminal latency, ${mode.mode}`, plotPoints(mode)),
  );
console.log(`\n${headlineTable(result)}\n\nReport: ${path.relative(workspaceRoot, outDir)}/report.md`);

if (args['update-readme']) {
  const readmePath = path.join(workspaceRoot, 'README.md');
  const block = `<!-- bench:start -->\nMeasured ${result.date.slice(0, 10)} on ${result.machine}.\n\n${headlineTable(result)}\n<!-- bench:end -->`;
  const readme = readFileSync(readmePath, 'utf8');
  if (!readme.includes('<!-- bench:start -->'))
    throw new Error('README.md has no <!-- bench:start --> block');
  // Formatted as the repository's format check expects (tables aligned by prettier).
  const updated = readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block);
  const options = await prettier.resolveConfig(readmePath);
  writeFileSync(readmePath, await prettier.format(updated, { ...options, filepath: readmePath }));
}
const failed = result.modes.some((mode) => mode.violations.length > 0);
process.exit(failed ? 1 : 0);
