// npm run bench: the four services, natively, driven through the REST API at a fixed warm-up rate
// and then at rising rates until the saga falls behind; once with the transactional outbox and
// once with the unsafe dual-write baseline. Writes .bench/<date>/ (JSON, markdown, SVG plots).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { findSagaViolations, workspaceRoot } from '@saga-shop/testing';
import { BenchStack, type DeliveryMode } from './bench-stack.js';
import { latencyPlot, type PlotPoint } from './latency-plot.js';
import { benchSkus, LoadGenerator } from './load-generator.js';
import { fullReport, headlineTable, type BenchResult, type ModeResult } from './report.js';
import { SagaReadings } from './saga-readings.js';
import { StepRunner, type StepResult } from './step-runner.js';
import { rampRates, refineRate } from './sustainability.js';

const { values: args } = parseArgs({
  options: {
    modes: { type: 'string', default: 'outbox,dual-write' },
    quick: { type: 'boolean', default: false },
    'start-rate': { type: 'string', default: '20' },
    'max-rate': { type: 'string', default: '1000' },
    'step-seconds': { type: 'string' },
    'half-seconds': { type: 'string' },
    'update-readme': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
    // Measures what tracing costs: the services run with OTEL_SDK_DISABLED=true.
    'no-tracing': { type: 'boolean', default: false },
    // Orders without an Idempotency-Key (then a keep-alive reset is counted as a failed request).
    'no-idempotency-keys': { type: 'boolean', default: false },
  },
});
const settings = {
  stepSeconds: Number(args['step-seconds'] ?? (args.quick ? 5 : 15)),
  halfRateSeconds: Number(args['half-seconds'] ?? (args.quick ? 8 : 30)),
  startRate: Number(args['start-rate']),
  maxRate: Number(args['max-rate']),
  tracesSampled: args['no-tracing'] ? 'tracing off' : '1 %',
  idempotencyKeys: !args['no-idempotency-keys'],
};
const startedAt = new Date().toISOString();
const outDir = path.join(workspaceRoot, '.bench', startedAt.replace(/[:.]/g, '-'));
mkdirSync(outDir, { recursive: true });
const modes = args.modes.split(',').map((mode) => mode.trim()) as DeliveryMode[];

function progress(line: string) {
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(110).slice(0, 110)}`);
  else if (/ t=\d*[05]s /.test(line)) console.log(line);
}

async function runMode(mode: DeliveryMode): Promise<ModeResult> {
  console.log(`\n== ${mode}: starting the four services`);
  // --cpu-profile: each service writes a V8 CPU profile when it exits (see profile-summary.ts).
  const stack = new BenchStack(mode, {
    cpuProfileDir: args['cpu-profile'] ? path.join(outDir, `cpu-${mode}`) : undefined,
    tracing: !args['no-tracing'],
  });
  const readings = new SagaReadings();
  try {
    await stack.start();
    await stack.restock(benchSkus);
    const serviceUrls = Object.values(stack.services).map((service) => service.baseUrl);
    const runner = new StepRunner(
      stack.url('order'),
      serviceUrls,
      readings,
      stack.processRoots(),
      progress,
      settings.idempotencyKeys,
    );
    const steps: StepResult[] = [];
    const run = async (label: string, rate: number, seconds: number) => {
      const step = await runner.run(`${mode} ${label}`, rate, seconds);
      steps.push(step);
      console.log(
        `\n${step.label} ${rate}/s: ${step.terminalPerSecond.toFixed(1)} terminal/s, p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms — ${step.verdict.sustainable ? 'sustainable' : step.verdict.why}`,
      );
      return step;
    };
    // The first order waits for four consumer groups to join; no step should measure that.
    await firstOrderCompleted(stack.url('order'), readings);
    // Fresh processes are slow for a while (JIT, pools filling, query plans): warm up gently and
    // long enough that the first ramp step measures the system rather than its start-up.
    await run('warm-up', Math.max(5, Math.round(settings.startRate / 2)), 2 * settings.stepSeconds);
    let sustained = 0;
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
    const halfRate =
      sustained > 0
        ? await run('half max', Math.max(5, Math.round(sustained / 2)), settings.halfRateSeconds)
        : undefined;
    const violations = await findSagaViolations(steps.flatMap((step) => step.orderIds));
    return { mode, steps, sustainedPerSecond: sustained, halfRate, violations };
  } finally {
    await readings.close();
    await stack.stop();
  }
}

async function firstOrderCompleted(orderUrl: string, readings: SagaReadings): Promise<void> {
  const generator = new LoadGenerator(orderUrl);
  const { accepted } = await generator.run(1, 1_000).finally(() => generator.close());
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const [timing] = await readings.orderTimings(accepted.map((order) => order.orderId));
    if (timing?.terminalAt) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the first order did not finish within 90 s; see .data/test-logs/*-320?.log');
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

function machine(): string {
  const cpus = os.cpus();
  const kafkaPom = readFileSync(path.join(workspaceRoot, 'infra/local/kafka/pom.xml'), 'utf8');
  const kafka = /<kafka.version>([^<]+)</.exec(kafkaPom)?.[1] ?? '?';
  return `${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}; Node ${process.version}; Kafka ${kafka} (1 broker, KRaft); PostgreSQL 15; everything on this one machine`;
}

const result: BenchResult = { date: startedAt, machine: machine(), settings, modes: [] };
for (const mode of modes) result.modes.push(await runMode(mode));

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
