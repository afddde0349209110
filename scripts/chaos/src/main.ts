// npm run chaos: orders of every kind at a steady rate against the native stack while each
// service is killed and restarted, PostgreSQL and Kafka are stopped and started, and a service is
// frozen (partitioned); then every invariant, and a report of what happened when and what each
// order became, in .chaos/<date>/. Exits 1 if an order is left open or an invariant is broken.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { allTopics, deadLetterTopicOf } from '@saga-shop/contracts';
import { brokerClientKindFrom, createBrokerClient, operatorConnection } from '@saga-shop/messaging';
import {
  databaseUrlFor,
  findSagaViolations,
  serviceNames,
  staffBearer,
  workspaceRoot,
} from '@saga-shop/testing';
import { ChaosLoad, scarceSku, type OrderKind } from './chaos-load.js';
import { chaosReport, type ChaosResult, type FaultRecord } from './chaos-report.js';
import { ChaosStack } from './chaos-stack.js';
import { faultPlan } from './fault-plan.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '90' },
    rate: { type: 'string', default: '6' },
    'drain-seconds': { type: 'string', default: '240' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const startedAt = new Date();
const outDir = path.join(workspaceRoot, '.chaos', startedAt.toISOString().replace(/[:.]/g, '-'));
mkdirSync(outDir, { recursive: true });
const kafka = createBrokerClient(
  { ...operatorConnection('saga-shop-chaos'), logLevel: 'nothing' },
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);
const since = (at: number) => (Date.now() - at) / 1_000;

async function deadLetterCount(): Promise<number> {
  const admin = await kafka.admin();
  try {
    let total = 0;
    for (const topic of allTopics)
      for (const end of (await admin.endOffsets(deadLetterTopicOf(topic))).values()) total += Number(end);
    return total;
  } finally {
    await admin.disconnect();
  }
}

async function query<Row extends pg.QueryResultRow>(
  service: (typeof serviceNames)[number],
  sql: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: databaseUrlFor(service) });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const stack = new ChaosStack();
const load = new ChaosLoad(stack.url('order'));
const faults: FaultRecord[] = [];
try {
  await stack.start();
  for (const sku of ['TSHIRT-M', scarceSku]) {
    await fetch(`${stack.url('inventory')}/products/${sku}/stock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await staffBearer()) },
      body: JSON.stringify({ available: sku === scarceSku ? 20 : 1_000_000 }),
    });
  }
  const lettersBefore = await deadLetterCount();
  const loadStart = Date.now();
  console.log(
    `chaos: ${seconds} s of orders at ${rate}/s, faults: ${faultPlan(seconds)
      .map((f) => `${f.kind} ${f.target}@${f.atSecond}s`)
      .join(', ')}`,
  );
  // The load goes on for `seconds` and at least until the last fault is over, plus a tail.
  const running = load.run(rate);
  for (const fault of faultPlan(seconds)) {
    const wait = fault.atSecond * 1_000 - (Date.now() - loadStart);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const record = { fault, startedAt: since(loadStart), endedAt: 0, drainSeconds: undefined };
    console.log(
      `  t=${record.startedAt.toFixed(1)}s ${fault.kind} ${fault.target} for ${fault.downSeconds} s`,
    );
    await stack.apply(fault);
    faults.push({ ...record, endedAt: since(loadStart) });
  }
  const tail = Math.max(5_000, seconds * 1_000 - (Date.now() - loadStart));
  await new Promise((resolve) => setTimeout(resolve, tail));
  load.stop();
  await running;
  const loadEnd = Date.now();
  console.log(`  t=${since(loadStart).toFixed(1)}s load over: ${load.placed.length} accepted; draining`);

  // Every order the run created, acknowledged or not (a POST can commit and still time out).
  const orders = async () =>
    query<{ id: string; status: string; reason: string | null; created_at: Date; terminal_at: Date | null }>(
      'order',
      `SELECT id, status, reason, created_at, terminal_at FROM orders WHERE customer_id LIKE $1`,
      [`${load.customerPrefix}-%`],
    );
  const deadline = Date.now() + Number(args['drain-seconds']) * 1_000;
  let created = await orders();
  while (Date.now() < deadline && created.some((order) => order.terminal_at === null)) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    created = await orders();
  }
  const terminalTimes = created.map((order) => order.terminal_at?.getTime());
  const lastTerminal = terminalTimes.every((at) => at !== undefined)
    ? Math.max(...(terminalTimes as number[]))
    : undefined;
  for (const record of faults) {
    const end = loadStart + record.endedAt * 1_000;
    const before = created.filter((order) => order.created_at.getTime() <= end);
    const last = before.every((order) => order.terminal_at)
      ? Math.max(...before.map((order) => order.terminal_at!.getTime()))
      : undefined;
    record.drainSeconds = last === undefined ? undefined : Math.max(0, (last - end) / 1_000);
  }
  const kindOf = new Map(load.placed.map((order) => [order.orderId, order.kind]));
  const outcomes = {} as Record<OrderKind | 'unacknowledged', Record<string, number>>;
  for (const order of created) {
    const kind = kindOf.get(order.id) ?? 'unacknowledged';
    const outcome =
      order.terminal_at === null
        ? `open (${order.status})`
        : order.reason
          ? `${order.status} (${order.reason})`
          : order.status;
    outcomes[kind] ??= {};
    outcomes[kind][outcome] = (outcomes[kind][outcome] ?? 0) + 1;
  }
  const quarantined = (
    await Promise.all(
      serviceNames.map((name) =>
        query<{ n: string }>(name, 'SELECT count(*) AS n FROM outbox WHERE quarantined_at IS NOT NULL'),
      ),
    )
  ).reduce((sum, rows) => sum + Number(rows[0]?.n ?? 0), 0);
  const refused: Record<string, number> = {};
  for (const { status } of load.refused) refused[status] = (refused[status] ?? 0) + 1;
  const result: ChaosResult = {
    date: startedAt.toISOString(),
    seconds: Math.round((loadEnd - loadStart) / 1_000),
    ratePerSecond: rate,
    accepted: load.placed.length,
    refused,
    outcomes,
    faults,
    drainAfterLoadSeconds:
      lastTerminal === undefined ? undefined : Math.max(0, (lastTerminal - loadEnd) / 1_000),
    deadLetters: (await deadLetterCount()) - lettersBefore,
    quarantined,
    violations: await findSagaViolations(created.map((order) => order.id)),
  };
  writeFileSync(path.join(outDir, 'result.json'), JSON.stringify(result, null, 2));
  writeFileSync(path.join(outDir, 'report.md'), chaosReport(result));
  console.log(`\n${chaosReport(result)}\nReport: ${path.relative(workspaceRoot, outDir)}/report.md`);
  process.exitCode = result.violations.length > 0 ? 1 : 0;
} finally {
  await stack.stop();
}
