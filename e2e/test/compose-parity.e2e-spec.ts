import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceCatalog, serviceNames, type ServiceName } from '@saga-shop/config';
import {
  ServiceProcess,
  bearer,
  composeEnvironmentOnThisHost,
  expectSagaInvariants,
  loadComposeFile,
  memoryLimitMiB,
  portsInUse,
  runComposeMigration,
  waitFor,
  workspaceRoot,
} from '@saga-shop/testing';

// This machine has no Docker engine, so the images never run here. What can be proved without
// one: the four services, built, start and complete the saga with exactly the environment
// docker-compose.yml gives their containers (.env.example's values resolved), nothing inherited.
// Three differences only (composeEnvironmentOnThisHost): the compose host names postgres, kafka
// and jaeger become 127.0.0.1, where the local infrastructure listens on the same ports;
// HTTP_HOST=127.0.0.1 instead of 0.0.0.0, because test traffic goes to 127.0.0.1 only; and the
// auth-keys volume is the local issuer's directory. The migrate one-shots run first, as in compose.
const compose = loadComposeFile();
const jaeger = 'http://127.0.0.1:16686';
const nativeEnvironment = (name: ServiceName) => composeEnvironmentOnThisHost(compose.services[name] ?? {});

const services = serviceNames.map(
  (name) =>
    new ServiceProcess({
      name,
      port: serviceCatalog[name].port,
      env: nativeEnvironment(name),
      exactEnv: true,
    }),
);
const order = services[serviceNames.indexOf('order')] as ServiceProcess;

async function placeOrder(): Promise<{ orderId: string; traceId: string }> {
  const response = await fetch(`${order.baseUrl}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `compose-parity-${Date.now()}`,
      ...(await bearer('compose-parity')),
    },
    body: JSON.stringify({
      customerId: 'compose-parity',
      items: [{ sku: 'TSHIRT-M', quantity: 1 }],
      paymentMethod: 'card_ok',
      shippingAddress: { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    }),
  });
  expect(response.status).toBe(202);
  const { orderId } = (await response.json()) as { orderId: string };
  const traceId = response.headers.get('traceresponse')?.split('-')[1] ?? '';
  return { orderId, traceId };
}

/** Peak resident memory of a running process, from the kernel's accounting. */
function peakRssMiB(pid: number): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

describe('the services with the environment docker-compose.yml gives them', () => {
  let placed: { orderId: string; traceId: string } | undefined;

  beforeAll(async () => {
    const busy = await portsInUse(services.map((service) => service.options.port));
    if (busy.length > 0) throw new Error(`ports ${busy.join(', ')} are taken: stop \`npm start\` first`);
    for (const name of serviceNames)
      expect(await runComposeMigration(name, path.join(workspaceRoot, 'services', name))).toBe(0);
    await Promise.all(services.map((service) => service.start(60_000)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
  }, 60_000);

  it('run on the compose ports 3001-3004 with only that environment, and report ready', async () => {
    for (const service of services) {
      expect(service.options.env?.['PORT']).toBe(
        String(serviceCatalog[service.options.name as ServiceName].port),
      );
      expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
    }
  });

  it('complete a card_ok order placed on 127.0.0.1:3001, and the saga invariants hold', async () => {
    placed = await placeOrder();
    const completed = await waitFor(
      async () => {
        const answer = await fetch(`${order.baseUrl}/orders/${placed?.orderId}`, {
          headers: await bearer('compose-parity'),
        });
        const view = (await answer.json()) as {
          status: string;
        };
        return view.status === 'COMPLETED' || view.status === 'CANCELLED' ? view : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `order ${placed.orderId} to finish` },
    );
    expect(completed.status).toBe('COMPLETED');
    await expectSagaInvariants([placed.orderId]);
  }, 90_000);

  it('export the order trace to Jaeger under the compose service names', async () => {
    const traceId = placed?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // Spans leave in batches every 5 s (the SDK default: compose does not change it).
    const names = await waitFor(
      async () => {
        const answer = await fetch(`${jaeger}/api/traces/${traceId}`);
        if (answer.status !== 200) return undefined;
        const { data } = (await answer.json()) as {
          data: { processes: Record<string, { serviceName: string }> }[];
        };
        const found = new Set(Object.values(data[0]?.processes ?? {}).map((process) => process.serviceName));
        return serviceNames.every((name) => found.has(name)) ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `Jaeger to hold trace ${traceId} from all four services` },
    );
    const composeNames = serviceNames.map((name) => nativeEnvironment(name)['OTEL_SERVICE_NAME']);
    expect([...names].sort()).toEqual(expect.arrayContaining(composeNames.sort()));
  }, 45_000);

  it('stay under their compose memory limits', () => {
    for (const service of services) {
      const limit = memoryLimitMiB(compose.services[service.options.name] ?? {});
      const peak = peakRssMiB(service.pid as number);
      console.log(`${service.options.name}: peak RSS ${peak.toFixed(0)} MiB of ${limit} MiB`);
      expect(peak).toBeLessThan(limit as number);
    }
  });

  it('stop on SIGTERM with exit code 0, as `docker compose stop` expects', async () => {
    expect(await Promise.all(services.map((service) => service.stop()))).toEqual([0, 0, 0, 0]);
  }, 60_000);
});
