import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceCatalog } from '@saga-shop/config';
import {
  ServiceProcess,
  serviceNames,
  staffBearer,
  workspaceRoot,
  type ServiceName,
} from '@saga-shop/testing';
import { LoadGenerator } from './load-generator.js';
import type { OrderLoad, SystemUnderTest } from './system-under-test.js';

/** Ports of the benchmark's services: 200 above `npm start`'s (3001-3004), beside the tests' (3101-). */
export const benchPorts = Object.fromEntries(
  serviceNames.map((name) => [name, serviceCatalog[name].port + 200]),
) as Record<ServiceName, number>;

export type DeliveryMode = 'outbox' | 'dual-write';

export interface StackOptions {
  /** Each service writes a V8 CPU profile to <dir>/<service>/ when it exits. */
  cpuProfileDir?: string;
  /** 'sampled' traces 1 % of orders, 'all' every order (as `npm start` does), 'off' none. */
  tracing: 'sampled' | 'all' | 'off';
  /** More environment for every service (an A/B variant's settings). */
  env?: Record<string, string>;
}

const samplers = {
  sampled: {
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.01',
    OTEL_SDK_DISABLED: 'false',
  },
  all: {
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    OTEL_TRACES_SAMPLER_ARG: '1.0',
    OTEL_SDK_DISABLED: 'false',
  },
  off: { OTEL_SDK_DISABLED: 'true' },
} as const;

/** The four built services, in one delivery mode, on their benchmark ports. */
export class BenchStack implements SystemUnderTest {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(mode: DeliveryMode, { cpuProfileDir, tracing, env = {} }: StackOptions) {
    const profiling = (name: ServiceName) =>
      cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(cpuProfileDir, name)}`] : [];
    const make = (name: ServiceName) =>
      new ServiceProcess({
        name,
        port: benchPorts[name],
        nodeArgs: profiling(name),
        env: { LOG_LEVEL: 'warn', EVENT_DELIVERY: mode, ...samplers[tracing], ...env },
      });
    this.services = Object.fromEntries(serviceNames.map((name) => [name, make(name)])) as Record<
      ServiceName,
      ServiceProcess
    >;
  }

  async start(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.start(90_000)));
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }

  url(name: ServiceName): string {
    return this.services[name].baseUrl;
  }

  metricsUrls(): string[] {
    return Object.values(this.services).map((service) => service.baseUrl);
  }

  newLoad(withIdempotencyKeys: boolean): OrderLoad {
    return new LoadGenerator(this.url('order'), withIdempotencyKeys);
  }

  /** Process trees to sample: the services and the local infrastructure. */
  processRoots(): Record<string, number> {
    const roots: Record<string, number> = {};
    for (const name of serviceNames) {
      const pid = this.services[name].pid;
      if (pid) roots[name] = pid;
    }
    return { ...roots, ...infrastructureRoots() };
  }

  /** Gives every SKU the bench orders so much stock that no order is cancelled for want of it. */
  async restock(skus: string[]): Promise<void> {
    for (const sku of skus) {
      const response = await fetch(`${this.url('inventory')}/products/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(await staffBearer()) },
        body: JSON.stringify({ available: 1_000_000 }),
      });
      if (!response.ok) throw new Error(`restocking ${sku}: HTTP ${response.status}`);
    }
  }
}

/** PostgreSQL (with its backends), Kafka and Jaeger, as infra/local started them. */
export function infrastructureRoots(): Record<string, number> {
  const roots: Record<string, number> = {};
  for (const component of ['postgres', 'kafka', 'jaeger']) {
    const pid = infraPid(component);
    if (pid) roots[component] = pid;
  }
  return roots;
}

/** The pid infra/local recorded for a component (`<pid> <start time>` in its pid file). */
function infraPid(component: string): number | undefined {
  const dataDir = process.env['SAGA_DATA_DIR'] ?? path.join(workspaceRoot, '.data/local');
  // PostgreSQL is run by pg_ctl, which records the postmaster's pid in the data directory.
  const pidFile =
    component === 'postgres'
      ? path.join(dataDir, 'postgres/postmaster.pid')
      : path.join(dataDir, 'run', `${component}.pid`);
  try {
    return Number(readFileSync(pidFile, 'utf8').split(/\s/)[0]);
  } catch {
    return undefined;
  }
}
