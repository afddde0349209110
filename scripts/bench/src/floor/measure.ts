// How fast the floor is: node --conditions=saga-shop-source --import tsx scripts/bench/src/floor/measure.ts
//   [--runs 2] [--rates 50,200,400] [--seconds 20] [--cpu-profile <dir>] [--env KEY=VALUE,...]
//   [--quiet-seconds 30]
// Per run: a fresh floor, a first order, a warm-up, then each rate for --seconds (800/s is added
// when 400/s holds). Prints terminal orders/s, CPU ms per order (the four processes, PostgreSQL
// and Kafka, from /proc), POST-equivalent→COMPLETED p50/p99 and the saga invariants; then the
// median and range of every figure over the runs. See README.md beside this file.
import { parseArgs } from 'node:util';
import { findSagaViolations } from '@saga-shop/testing';
import { benchSkus } from '../load-generator.js';
import { ResourceSampler } from '../resource-sampler.js';
import { SagaReadings } from '../saga-readings.js';
import { percentile } from '../statistics.js';
import { busyConsumerGroups, FloorStack } from './floor-stack.js';
import { MachineCpu } from './machine-cpu.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '2' },
    rates: { type: 'string', default: '50,200,400' },
    seconds: { type: 'string', default: '20' },
    'warm-up-seconds': { type: 'string', default: '20' },
    'cpu-profile': { type: 'string' },
    env: { type: 'string', default: '' },
    // Services started by someone else take the floor's consumer groups: wait them out first.
    'quiet-seconds': { type: 'string', default: '30' },
  },
});
const seconds = Number(args.seconds);
const env = Object.fromEntries(
  args.env
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=')),
);

interface StepFigures {
  rate: number;
  terminalPerSecond: number;
  cpuMsPerOrder: number;
  /** CPU ms per order of each process tree, to see what dominates. */
  cpuByProcess: Record<string, number>;
  /** CPU ms per second that the rest of the machine used meanwhile (other work is noise). */
  othersMsPerSecond: number;
  p50: number;
  p99: number;
  /** How long placing the step's orders took (longer than --seconds when it fell behind). */
  windowSeconds: number;
  holds: boolean;
}

/** Services joined the floor's consumer groups (another user of this machine started them). */
class Disturbed extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => (Math.abs(value) < 10 ? Math.round(value * 10) / 10 : Math.round(value));

function checkUndisturbed(stack: FloorStack): void {
  const exited = stack.exitedProcesses();
  if (exited.length > 0) throw new Disturbed(`floor processes exited: ${exited.join(', ')}`);
}

async function step(stack: FloorStack, readings: SagaReadings, rate: number, stepSeconds: number) {
  // CPU of the system only: not this driver, and not Jaeger, which the floor never talks to.
  const roots = Object.fromEntries(
    Object.entries(stack.processRoots()).filter(([name]) => name !== 'jaeger'),
  );
  const sampler = new ResourceSampler(roots);
  const machine = new MachineCpu();
  sampler.sample();
  const startedAt = new Date(Date.now() - 1_000);
  const loadStart = Date.now();
  const load = await stack.newLoad(true).run(rate, stepSeconds * 1_000);
  const cpu = sampler.sample();
  const machineMsPerSecond = machine.busyMsPerSecond();
  const endedAt = Date.now();
  // run() returns once every order is placed: later than asked when placing fell behind.
  const windowSeconds = (endedAt - loadStart) / 1_000;
  const openAtEnd = await readings.openOrders(startedAt);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && (await readings.openOrders(startedAt)) > 0) {
    checkUndisturbed(stack);
    await sleep(250);
  }
  checkUndisturbed(stack);
  const timings = await readings.orderTimings(load.accepted.map((order) => order.orderId));
  const terminalInStep = timings.filter((timing) => timing.terminalAt && timing.terminalAt <= endedAt).length;
  const latencies = timings
    .filter((timing) => timing.status === 'COMPLETED')
    .map((timing) => timing.terminalAt! - timing.placedAt);
  const terminalPerSecond = terminalInStep / windowSeconds;
  // cpuPercent is % of one core over the load window: ×10 gives CPU ms per second.
  const systemMsPerSecond = Object.values(cpu).reduce((sum, sample) => sum + sample.cpuPercent * 10, 0);
  const perOrder = (msPerSecond: number) => round(msPerSecond / Math.max(terminalPerSecond, 1e-9));
  const errors = Object.values(load.errors).reduce((sum, count) => sum + count, 0);
  const figures: StepFigures = {
    rate,
    terminalPerSecond: round(terminalPerSecond),
    cpuMsPerOrder: perOrder(systemMsPerSecond),
    cpuByProcess: Object.fromEntries(
      Object.entries(cpu).map(([name, sample]) => [name, perOrder(sample.cpuPercent * 10)]),
    ),
    othersMsPerSecond: Math.round(Math.max(0, machineMsPerSecond - systemMsPerSecond)),
    p50: percentile(latencies, 50) ?? NaN,
    p99: percentile(latencies, 99) ?? NaN,
    windowSeconds: round(windowSeconds),
    holds: errors === 0 && terminalPerSecond >= 0.95 * rate && openAtEnd <= rate,
  };
  return { figures, orderIds: load.accepted.map((order) => order.orderId) };
}

async function oneRun(run: number): Promise<StepFigures[]> {
  const profileDir = args['cpu-profile'] ? `${args['cpu-profile']}/run-${run}` : undefined;
  const stack = new FloorStack({ cpuProfileDir: profileDir, env });
  const readings = new SagaReadings();
  const orderIds: string[] = [];
  const results: StepFigures[] = [];
  try {
    await stack.start().catch((error: Error) => {
      throw /services are running/.test(error.message) ? new Disturbed(error.message) : error;
    });
    await stack.restock(benchSkus);
    // The first order waits out whatever the groups still had to read; then a gentle warm-up.
    orderIds.push(...(await step(stack, readings, 1, 1)).orderIds);
    orderIds.push(...(await step(stack, readings, 25, Number(args['warm-up-seconds']))).orderIds);
    const rates = args.rates.split(',').map(Number);
    for (let index = 0; index < rates.length; index += 1) {
      const { figures, orderIds: placed } = await step(stack, readings, rates[index]!, seconds);
      orderIds.push(...placed);
      results.push(figures);
      console.log(
        `run ${run} ${figures.rate}/s: ${figures.terminalPerSecond} terminal/s, ${figures.cpuMsPerOrder} ms CPU/order ${JSON.stringify(figures.cpuByProcess)}, p50 ${figures.p50} ms, p99 ${figures.p99} ms, placed in ${figures.windowSeconds} s, rest of the machine ${figures.othersMsPerSecond} ms/s — ${figures.holds ? 'holds' : 'does not hold'}`,
      );
      if (figures.rate === 400 && figures.holds && index === rates.length - 1) rates.push(800);
    }
  } catch (error) {
    checkUndisturbed(stack);
    throw error;
  } finally {
    await readings.close();
    await stack.stop();
  }
  const violations = await findSagaViolations(orderIds);
  console.log(`run ${run}: ${orderIds.length} orders, ${violations.length} invariant violations`);
  for (const violation of violations.slice(0, 10)) console.log(`  ${violation}`);
  return results;
}

/** Waits until no service has been in the saga's consumer groups for `quietSeconds`. */
async function waitForQuiet(quietSeconds: number): Promise<void> {
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietSeconds * 1_000) {
    if ((await busyConsumerGroups()).length > 0) quietSince = Date.now();
    await sleep(2_000);
  }
}

/** Runs again (up to 10 times) when services started beside the floor, once they stopped. */
async function undisturbedRun(run: number): Promise<StepFigures[]> {
  for (let attempt = 1; ; attempt += 1) {
    await waitForQuiet(Number(args['quiet-seconds']));
    try {
      return await oneRun(run);
    } catch (error) {
      if (!(error instanceof Disturbed) || attempt === 10) throw error;
      console.log(`run ${run} disturbed (${error.message}); waiting for the services to stop`);
    }
  }
}

function medianAndRange(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return `${round(median)} (${sorted[0]}–${sorted.at(-1)})`;
}

const all: StepFigures[] = [];
for (let run = 1; run <= Number(args.runs); run += 1) all.push(...(await undisturbedRun(run)));
console.log('\nrate | runs held | terminal/s | CPU ms/order | p50 ms | p99 ms   (median (range))');
for (const rate of [...new Set(all.map((figures) => figures.rate))]) {
  const steps = all.filter((figures) => figures.rate === rate);
  const figure = (pick: (figures: StepFigures) => number) => medianAndRange(steps.map(pick));
  console.log(
    `${rate} | ${steps.filter((s) => s.holds).length}/${steps.length} | ${figure((s) => s.terminalPerSecond)} | ${figure((s) => s.cpuMsPerOrder)} | ${figure((s) => s.p50)} | ${figure((s) => s.p99)}`,
  );
}
process.exit(0);
