import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { deployables } from '@saga-shop/config';
import { consoleKafkaAccess, kafkaAccessOf, sagaServices, topics } from '@saga-shop/contracts';
import { aclGrantsOf, brokerClientKindFrom, createBrokerClient } from '@saga-shop/messaging';
import {
  SagaClient,
  SagaStack,
  adminBrokerOptions,
  bearer,
  readCounter,
  readSince,
  staffBearer,
  testLogDir,
  topicEnds,
  waitFor,
  workspaceRoot,
} from '@saga-shop/testing';

// `npm run new:service` promises a service that works from its first start. Only running one
// proves it: generated in a throw-away copy of the repository (never in this checkout), built,
// linted and tested there, provisioned on the shared local infra, and started beside this
// checkout's saga, whose real order.placed.v1 it must record and announce through its outbox.
// Everything it adds to the shared broker and PostgreSQL is removed afterwards: other suites
// (security-kafka) assert the exact principals and ACLs on the broker.
const name = 'loyalty';
const recordedTopic = `${name}.recorded.v1`;
const ownTopics = [recordedTopic, `${recordedTopic}.dlq`];
const principal = `saga-${name}`;
const groupId = `saga-shop-${name}`;
const database = `saga_${name}`;

const dataDir = process.env['SAGA_DATA_DIR'] ?? path.join(workspaceRoot, '.data/local');
const cacheDir = process.env['SAGA_CACHE_DIR'] ?? path.join(workspaceRoot, '.cache');
const pgHost = process.env['PGHOST'] ?? '127.0.0.1';
const pgPort = process.env['PGPORT'] ?? '5432';
const [kafkaHost = '127.0.0.1', kafkaPort = '9092'] = (
  process.env['KAFKA_BROKERS']?.split(',')[0] ?? '127.0.0.1:9092'
).split(':');

// The next free ports, as a developer would expect them: after every saga service's port and
// after every deployable's test port.
const sagaPorts = Object.values(deployables)
  .filter((manifest) => manifest.kind === 'saga-service')
  .map((manifest) => manifest.port);
const expectedPort = Math.max(...sagaPorts) + 1;
const expectedTestPort = Math.max(...Object.values(deployables).map((manifest) => manifest.testPort)) + 1;

const kafka = createBrokerClient(
  adminBrokerOptions('service-generator-e2e'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);
const stack = new SagaStack();
const client = new SagaClient(stack);
/** The throw-away copy of the repository: created by beforeAll, deleted by afterAll. */
const copy = path.join(os.tmpdir(), `service-generator-${randomUUID().slice(0, 8)}`);

/** Children (each its own process group) still running: killed in afterAll if a step timed out. */
const running = new Set<ChildProcess>();

/** The toolchain node this suite runs on comes first, as scripts/lib/node-toolchain.sh puts it. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
    // No Nx daemon outliving the copy it serves, and Nx's plain output in the failure messages.
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    ...extra,
  };
  // The copy's own jest must not think it is one of this run's workers.
  delete env['JEST_WORKER_ID'];
  return env;
}

/** Runs a command in its own process group; resolves with its output, rejects with its tail. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; input?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // A child that exits without reading all of it fails on its own; EPIPE adds nothing.
    child.stdin.on('error', () => undefined).end(options.input ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) return resolve(output);
      const ending = timedOut ? `timed out after ${options.timeoutMs} ms` : `ended with ${code ?? signal}`;
      reject(new Error(`${command} ${args.join(' ')} ${ending}:\n${output.slice(-6_000)}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

const inCopy = (command: string, args: string[], timeoutMs: number) =>
  run(command, args, { cwd: copy, timeoutMs });

/**
 * The generated service, built in the copy, as a real process in its own process group
 * (ServiceProcess only starts this checkout's services). Its log outlives the copy.
 */
class CopiedService {
  readonly baseUrl: string;
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    readonly port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.logFile = path.join(testLogDir, `${name}-${port}.log`);
  }

  async start(): Promise<void> {
    await mkdir(testLogDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['--import', '@saga-shop/telemetry/register', `services/${name}/dist/main.js`],
      {
        cwd: this.root,
        env: childEnv({
          SERVICE_NAME: name,
          PORT: String(this.port),
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          // The default key set lies beside libs/config in the checkout (.data/local/auth), which
          // the copy does not have: the local issuer's keys are this checkout's.
          AUTH_JWKS_URL: `file://${path.join(dataDir, 'auth/jwks.json')}`,
        }),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited; see ${this.logFile}`);
        const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: 60_000, what: `generated ${name} ready (log ${this.logFile})` },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await this.exited.finally(() => clearTimeout(timer));
    }
    this.child = undefined;
  }
}

const service = new CopiedService(copy, expectedTestPort);

async function withDatabase<T>(use: (db: pg.Client) => Promise<T>): Promise<T> {
  // As the owner role, as a developer would look into a new service's database.
  const db = new pg.Client({
    connectionString: `postgresql://${database}:${database}@${pgHost}:${pgPort}/${database}`,
  });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

/** The ACLs the copy's contracts derive for the new principal, as create-topics grants them. */
const grantsOfNewService = () =>
  aclGrantsOf({
    principal,
    groups: [groupId],
    read: [topics.orderPlacedV1],
    write: [recordedTopic, `${topics.orderPlacedV1}.dlq`],
  });

/**
 * Puts the shared broker and PostgreSQL back as this checkout's infra.sh leaves them. Every step
 * runs even when one fails, and each tolerates what is already gone, so a run interrupted
 * anywhere is cleaned up by the next one.
 */
async function removeFromSharedInfra(): Promise<void> {
  const failures: unknown[] = [];
  const attempt = (step: () => Promise<unknown>) => step().catch((error: unknown) => failures.push(error));
  await attempt(async () => {
    const admin = await kafka.admin();
    try {
      const present = new Set(await admin.listTopics());
      const created = ownTopics.filter((topic) => present.has(topic));
      if (created.length > 0) await admin.deleteTopics(created);
      await admin.replaceAcls(`User:${principal}`, []);
      // The copy's create-topics also granted the console its read of every topic, loyalty's
      // included: the derived set of this checkout's contracts is what the broker must hold.
      for (const access of [...sagaServices.map(kafkaAccessOf), consoleKafkaAccess()])
        await admin.replaceAcls(`User:${access.principal}`, aclGrantsOf(access));
    } finally {
      await admin.disconnect();
    }
  });
  await attempt(deleteConsumerGroup);
  await attempt(() =>
    run('bash', ['-c', dropPrincipalAndDatabase], {
      cwd: workspaceRoot,
      timeoutMs: 120_000,
      env: childEnv({
        REPO_ROOT: workspaceRoot,
        INFRA_DIR: path.join(workspaceRoot, 'infra/local'),
        SAGA_DATA_DIR: dataDir,
        SAGA_CACHE_DIR: cacheDir,
        PGHOST: pgHost,
        PGPORT: pgPort,
        KAFKA_HOST: kafkaHost,
        KAFKA_PORT: kafkaPort,
      }),
    }),
  );
  if (failures.length > 0) throw new AggregateError(failures, `cleanup of ${name} left something behind`);
}

/** The BrokerAdmin port has no group deletion (no service needs it); kafkajs's admin has. */
async function deleteConsumerGroup(): Promise<void> {
  const options = adminBrokerOptions('service-generator-cleanup');
  const admin = new kafkajs.Kafka({
    ...options,
    sasl: options.sasl as never, // kafkajs types one mechanism per literal
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    // A member killed rather than stopped stays in the group until its session times out.
    await waitFor(
      async () => {
        const { groups } = await admin.listGroups();
        if (!groups.some((group) => group.groupId === groupId)) return true;
        await admin.deleteGroups([groupId]);
        return false;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: `consumer group ${groupId} deleted` },
    );
  } finally {
    await admin.disconnect();
  }
}

// infra/local's own helpers: the superuser as infra.sh reaches it (local socket, or the external
// server's mode it recorded), and the Kafka CLI from the cached jars for the SCRAM user, which
// no Node client here can delete.
const dropPrincipalAndDatabase = `
set -euo pipefail
source "$INFRA_DIR/lib/common.sh"
source "$INFRA_DIR/lib/postgres.sh"
source "$INFRA_DIR/lib/kafka.sh"
if pg_running_ours; then PG_ADMIN_MODE=ours; else PG_ADMIN_MODE="$(cat "$RUN_DIR/postgres.external")"; fi
pg_admin_psql <<'SQL'
DROP DATABASE IF EXISTS ${database} WITH (FORCE);
DROP ROLE IF EXISTS ${database}_app;
DROP ROLE IF EXISTS ${database};
SQL
users="$(kafka_tool org.apache.kafka.tools.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \\
  --command-config "$KAFKA_ADMIN_CONFIG" --describe --entity-type users 2>&1)"
if grep -q "user-principal '${principal}'" <<<"$users"; then
  kafka_tool org.apache.kafka.tools.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \\
    --command-config "$KAFKA_ADMIN_CONFIG" --alter --delete-config SCRAM-SHA-512 \\
    --entity-type users --entity-name ${principal} >/dev/null
fi
`;

/**
 * What git would check out (tracked and new files, nothing ignored), minus files deleted in the
 * working tree; node_modules as installed, whose workspace links are relative.
 */
async function copyCheckout(): Promise<void> {
  await mkdir(copy, { mode: 0o700 });
  const listed = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: workspaceRoot,
    timeoutMs: 30_000,
  });
  const files = listed.split('\0').filter((file) => file && existsSync(path.join(workspaceRoot, file)));
  await run('xargs', ['-0', 'cp', '--parents', '-t', copy], {
    cwd: workspaceRoot,
    timeoutMs: 60_000,
    input: files.join('\0'),
  });
  await run('cp', ['-a', 'node_modules', `${copy}/`], { cwd: workspaceRoot, timeoutMs: 120_000 });
}

describe('a service generated by npm run new:service', () => {
  beforeAll(async () => {
    if (name in deployables) throw new Error(`this checkout has a ${name} service already`);
    // A run killed before its afterAll left its database behind, whose applied migration has
    // another timestamp than the one generated now: the new service would refuse to start.
    await Promise.all([removeFromSharedInfra(), copyCheckout()]);
  }, 180_000);

  afterAll(async () => {
    for (const child of running) killGroup(child, 'SIGKILL');
    await Promise.all([service.stop(), stack.stop()]);
    try {
      // Never what this checkout's own service of that name would own.
      if (!(name in deployables)) await removeFromSharedInfra();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 180_000);

  it('writes the service on the next free ports, wired into the contracts and lists', async () => {
    await inCopy('npm', ['run', '-s', 'new:service', '--', name], 180_000);
    const text = (file: string) => readFile(path.join(copy, file), 'utf8');
    const manifest = JSON.parse(await text(`services/${name}/service.json`)) as Record<string, unknown>;
    expect(manifest).toEqual({
      name,
      kind: 'saga-service',
      port: expectedPort,
      testPort: expectedTestPort,
      database,
    });
    for (const file of [
      'package.json',
      'prisma/schema.prisma',
      'src/main.ts',
      `src/${name}.module.ts`,
      `src/messaging/${name}.consumer.ts`,
      'src/application/reactions/on-order-placed.ts',
      'src/application/reactions/on-order-placed.spec.ts',
      'src/http/records.controller.ts',
      `test/${name}-reactions.int-spec.ts`,
    ])
      expect(existsSync(path.join(copy, 'services', name, file))).toBe(true);
    const migrations = await readdir(path.join(copy, 'services', name, 'prisma/migrations'));
    expect(migrations).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{14}_loyalty_records$/)]));
    expect(existsSync(path.join(copy, 'node_modules/@saga-shop', name, 'service.json'))).toBe(true);

    expect(await text('libs/contracts/src/topics.ts')).toContain(`loyaltyRecordedV1: '${recordedTopic}'`);
    // Named among the consumed event's reactions (its ACLs and start-up check follow from that).
    expect(await text('libs/contracts/src/events/order-events.ts')).toMatch(new RegExp(`\\b${name}\\b`));
    expect(await text('libs/contracts/src/events/catalog.ts')).toContain(`./${name}-events.js`);
    // What the generator regenerates after writing (each has a --check in CI).
    expect(await text('libs/config/src/services/deployables.ts')).toContain(`database: '${database}'`);
    expect(await text('scripts/lib/service-list.sh')).toContain(`[${name}]=${expectedPort}`);
    expect(existsSync(path.join(copy, `libs/contracts/published-schemas/${recordedTopic}.json`))).toBe(true);
    expect(await text('docs/asyncapi.yaml')).toContain(`address: ${recordedTopic}`);
    expect(await text('README.md')).toContain(recordedTopic);
    expect(await text('infra/k8s/base/kafka/topics.yaml')).toContain(`topicName: ${recordedTopic}`);
    expect(await text('infra/k8s/base/kafka/users.yaml')).toContain(`name: ${principal}`);
  }, 180_000);

  it('builds, lints and typechecks with what it changed, passes its own tests, leaves no list stale', async () => {
    const projects = [`@saga-shop/${name}`, '@saga-shop/contracts', '@saga-shop/config'].join(',');
    await inCopy(
      'npx',
      [
        'nx',
        'run-many',
        '-t',
        'build',
        'lint',
        'typecheck',
        `--projects=${projects}`,
        '--output-style=static',
      ],
      300_000,
    );
    // Unit spec and the int-spec against the real PostgreSQL (a scratch schema in saga_test).
    const tests = stripVTControlCharacters(
      await inCopy('npx', ['nx', 'run', `@saga-shop/${name}:test`, '--output-style=static'], 120_000),
    );
    expect(tests).toMatch(/PASS .*on-order-placed\.spec\.ts/);
    expect(tests).toMatch(new RegExp(`PASS .*${name}-reactions\\.int-spec\\.ts`));
    expect(tests).toMatch(/Tests:\s+(\d+) passed, \1 total/);
    expect(await inCopy('npm', ['run', '-s', 'services:lists', '--', '--check'], 60_000)).toContain(
      'up to date',
    );
  }, 420_000);

  it("is provisioned on the shared infra by the copy's infra.sh: database, roles, principal, topics, ACLs", async () => {
    // The copy's scripts read the copy's manifests and contracts; the data and the Kafka jars
    // are this checkout's, so it is the running PostgreSQL and broker that get provisioned.
    await run('bash', [path.join(copy, 'infra/local/infra.sh'), 'up', 'postgres', 'kafka'], {
      cwd: workspaceRoot, // the postgres OS user runs psql from here; the copy is private to root
      timeoutMs: 180_000,
      env: childEnv({ SAGA_DATA_DIR: dataDir, SAGA_CACHE_DIR: cacheDir }),
    });
    expect(await withDatabase(async (db) => (await db.query('SELECT current_user AS role')).rows)).toEqual([
      { role: database },
    ]);
    const admin = await kafka.admin();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining(ownTopics));
      // Re-applying what the copy's contracts derive changes nothing: the broker holds exactly it.
      expect(await admin.replaceAcls(`User:${principal}`, grantsOfNewService())).toEqual({
        created: 0,
        deleted: 0,
      });
    } finally {
      await admin.disconnect();
    }
  }, 240_000);

  it('records a real order.placed.v1 of the saga, and announces it through its outbox', async () => {
    const since = await topicEnds(kafka, [topics.orderPlacedV1, recordedTopic]);
    // A new group would start at the earliest offset and replay every order earlier suites
    // placed, poison messages included, whose dead letters it would add to the shared
    // order.placed.v1.dlq. Starting it where the topic ends now keeps the broker as it was.
    const admin = await kafka.admin();
    try {
      await admin.commitOffsets(groupId, topics.orderPlacedV1, since.get(topics.orderPlacedV1) ?? new Map());
    } finally {
      await admin.disconnect();
    }
    await Promise.all([service.start(), stack.start()]);

    const orderId = await client.placeOrder();
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');

    const recordOf = async (headers: Record<string, string>) =>
      fetch(`${service.baseUrl}/records/${orderId}`, { headers });
    const record = await waitFor(
      async () => {
        const response = await recordOf(await staffBearer());
        return response.status === 200 && ((await response.json()) as Record<string, string>);
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `${name}'s record of order ${orderId}` },
    );
    expect(record).toEqual({ orderId, sourceType: topics.orderPlacedV1, recordedAt: expect.any(String) });
    expect((await recordOf(await bearer('customer-loyalty'))).status).toBe(403);

    const messages = await waitFor(
      async () => {
        const read = await readSince(kafka, since, (message) => message.key === orderId);
        return read.some((message) => message.topic === recordedTopic) && read;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `${recordedTopic} of order ${orderId}` },
    );
    const [placed] = messages.filter((message) => message.topic === topics.orderPlacedV1);
    const [announced, ...again] = messages.filter((message) => message.topic === recordedTopic);
    if (!placed || !announced) throw new Error(`order ${orderId}: read ${messages.length} messages`);
    expect(again).toEqual([]);
    expect(announced.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: recordedTopic,
      ce_source: `/saga-shop/${name}`,
      ce_subject: orderId,
    });
    expect(JSON.parse(announced.value ?? '')).toEqual({ orderId, recordedAt: record.recordedAt });
    // One trace per order: the announcement continues the trace of the order it records.
    const traceOf = (headers: Record<string, string>) => headers['traceparent']?.split('-')[1];
    expect(traceOf(placed.headers)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOf(announced.headers)).toBe(traceOf(placed.headers));

    // The relay deletes an outbox row once Kafka acknowledged it (a refused one stays, quarantined):
    // the announcement left through the outbox when its row is gone and the relay counted it.
    const eventId = announced.headers['ce_id'];
    await waitFor(
      () =>
        withDatabase(
          async (db) =>
            (await db.query('SELECT 1 FROM outbox WHERE event_id = $1', [eventId])).rowCount === 0,
        ),
      { timeoutMs: 10_000, what: `outbox row of ${eventId} deleted by the relay` },
    );
    expect(await readCounter(service.baseUrl, 'outbox_published_total')).toBeGreaterThanOrEqual(1);
    // And the consumed event went through the inbox, so a redelivery is dropped.
    expect(
      await withDatabase(
        async (db) =>
          (await db.query('SELECT event_type FROM inbox WHERE event_id = $1', [placed.headers['ce_id']]))
            .rows,
      ),
    ).toEqual([{ event_type: topics.orderPlacedV1 }]);
  }, 300_000);
});
