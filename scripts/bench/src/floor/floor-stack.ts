import path from 'node:path';
import { adminBrokerOptions, databaseUrlFor } from '@saga-shop/testing';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { infrastructureRoots } from '../bench-stack.js';
import type { OrderLoad, SystemUnderTest } from '../system-under-test.js';
import { FloorChild } from './floor-child.js';
import { FloorLoadGenerator } from './floor-load.js';
import type { FloorService } from './floor-runtime.js';
import { restockProduct } from './inventory-sql.js';

const { Kafka, logLevel } = kafkajs;

const floorServices: FloorService[] = ['order', 'inventory', 'payment', 'fulfilment'];

export interface FloorOptions {
  /** Each process writes a V8 CPU profile to <dir>/<service>/ when it exits. */
  cpuProfileDir?: string;
  /** FLOOR_FETCH_MIN_BYTES, FLOOR_FETCH_MAX_WAIT_MS, FLOOR_COMMIT_INTERVAL_MS (see floor-runtime.ts). */
  env?: Record<string, string>;
}

/**
 * The floor as a benchmark mode: four plain Node processes with the services' saga (databases,
 * statements, topics, consumer groups), without NestJS, Prisma, HTTP or tracing. Orders are placed
 * by its order process (FloorLoadGenerator), so there is no HTTP load generator and no /metrics.
 */
export class FloorStack implements SystemUnderTest {
  readonly processes: Record<FloorService, FloorChild>;

  constructor({ cpuProfileDir, env = {} }: FloorOptions = {}) {
    const make = (service: FloorService) =>
      new FloorChild(
        service,
        { ...env, DATABASE_URL: databaseUrlFor(service) },
        cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(cpuProfileDir, service)}`] : [],
      );
    this.processes = Object.fromEntries(floorServices.map((service) => [service, make(service)])) as Record<
      FloorService,
      FloorChild
    >;
  }

  async start(): Promise<void> {
    await assertServicesStopped();
    try {
      await Promise.all(Object.values(this.processes).map((child) => child.start(90_000)));
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** SIGTERM to each process group: each drains its batch and outbox, then exits 0. */
  async stop(): Promise<void> {
    const codes = await Promise.all(Object.values(this.processes).map((child) => child.stop()));
    const unclean = floorServices.filter((_, index) => codes[index] !== 0 && codes[index] !== null);
    if (unclean.length > 0) console.warn(`floor processes exited uncleanly: ${unclean.join(', ')}`);
  }

  /** Processes that ended while the floor was meant to run (the step's figures are void). */
  exitedProcesses(): FloorService[] {
    return floorServices.filter((service) => this.processes[service].exitedOnItsOwn);
  }

  /** The four processes and the local infrastructure (PostgreSQL, Kafka, Jaeger). */
  processRoots(): Record<string, number> {
    const roots: Record<string, number> = {};
    for (const service of floorServices) {
      const pid = this.processes[service].pid;
      if (pid) roots[service] = pid;
    }
    return { ...roots, ...infrastructureRoots() };
  }

  /** The floor serves no /metrics: no relay-lag histogram. */
  metricsUrls(): string[] {
    return [];
  }

  newLoad(withIdempotencyKeys: boolean): OrderLoad {
    return new FloorLoadGenerator(this.processes.order, withIdempotencyKeys);
  }

  /** inventory's restock statement, straight on saga_inventory (with its stock-ledger entry). */
  async restock(skus: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrlFor('inventory') });
    await client.connect();
    try {
      for (const sku of skus) {
        const { rows } = await client.query({ ...restockProduct, values: [sku, 1_000_000] });
        if (rows.length === 0) throw new Error(`restocking ${sku}: no such product`);
      }
    } finally {
      await client.end();
    }
  }
}

/**
 * The floor takes over the services' consumer groups (so offsets hand over both ways, with no
 * replay): it must not share them with running services (the bench's, the tests' or npm start's).
 */
async function assertServicesStopped(): Promise<void> {
  const busy = await busyConsumerGroups();
  if (busy.length > 0)
    throw new Error(
      `services are running (consumer groups ${busy.join(', ')} have members); the floor runs only when they are stopped`,
    );
}

/** The services' consumer groups that have members right now. */
export async function busyConsumerGroups(): Promise<string[]> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const { username, password } = adminBrokerOptions('saga-floor-bench').sasl;
  const sasl = { mechanism: 'plain', username, password } as const;
  const admin = new Kafka({
    clientId: 'saga-floor-bench',
    brokers,
    logLevel: logLevel.NOTHING,
    sasl,
  }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(floorServices.map((service) => `saga-shop-${service}`));
    return groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
  } finally {
    await admin.disconnect();
  }
}
