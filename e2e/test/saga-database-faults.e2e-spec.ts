import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SagaClient,
  SagaStack,
  expectSagaInvariants,
  localInfra,
  readCounter,
  serviceNames,
  waitFor,
} from '@saga-shop/testing';

// The saga while its database goes away, and a consumer that dies between its database commit and
// its offset commit. Inventory commits offsets only every ten minutes here, so a SIGKILL always
// lands in that window.
const stack = new SagaStack({ envFor: { inventory: { CONSUMER_COMMIT_INTERVAL_MS: '600000' } } });
const client = new SagaClient(stack);
const mix = [
  {},
  { paymentMethod: 'card_declined' },
  { country: 'AQ' },
  { paymentMethod: 'card_flaky' },
] as const;

async function sumCounter(name: string): Promise<number> {
  const values = await Promise.all(serviceNames.map((service) => readCounter(stack.url(service), name)));
  return values.reduce((sum, value) => sum + value, 0);
}

/** Places orders every `everyMs` until stopped; POSTs refused while the database is away don't count. */
function steadyOrders(everyMs: number) {
  const accepted: string[] = [];
  const plainCardOk = new Set<string>();
  let placing = true;
  const done = (async () => {
    for (let sent = 0; placing; sent += 1) {
      const orderId = await client.placeOrder(mix[sent % mix.length]).catch(() => undefined);
      if (orderId) accepted.push(orderId);
      if (orderId && sent % mix.length === 0) plainCardOk.add(orderId);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return { accepted, plainCardOk, stop: () => ((placing = false), done) };
}

describe('saga under database faults', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('rides out a PostgreSQL restart mid-consumption: no process dies, nothing is dead-lettered, every order ends as it should', async () => {
    const parkedBefore = await sumCounter('consumer_messages_dead_lettered_total');
    const load = steadyOrders(100);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    localInfra.down('postgres');
    try {
      // A degraded period: every service still runs and says it is not ready.
      await waitFor(
        async () => {
          const ready = await Promise.all(
            serviceNames.map((name) => fetch(`${stack.url(name)}/health/ready`)),
          );
          return ready.every((response) => response.status === 503);
        },
        { timeoutMs: 10_000, what: 'every service unready while PostgreSQL is down' },
      );
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      for (const name of serviceNames) expect(stack.services[name].pid).toBeDefined();
    } finally {
      localInfra.up('postgres');
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await load.stop();
    expect(load.accepted.length).toBeGreaterThan(20);
    const orders = await Promise.all(
      load.accepted.map((orderId) => client.waitForTerminal(orderId, 120_000)),
    );
    // The outage is shorter than the saga timeout: nothing times out, every card_ok order completes.
    expect(orders.filter((order) => order.reason === 'TIMEOUT')).toEqual([]);
    for (const order of orders)
      if (load.plainCardOk.has(order.orderId)) expect(order.status).toBe('COMPLETED');
    expect(await sumCounter('consumer_messages_dead_lettered_total')).toBe(parkedBefore);
    await expectSagaInvariants(load.accepted);
    for (const name of serviceNames) expect(await stack.services[name].isReady()).toBe(true);
  }, 300_000);

  it('applies nothing twice when a consumer dies between its database commit and its offset commit', async () => {
    const orderIds = await Promise.all(
      Array.from({ length: 6 }, (_, index) => client.placeOrder(mix[index % 2])),
    );
    await Promise.all(orderIds.map((orderId) => client.waitForTerminal(orderId)));
    await expectSagaInvariants(orderIds);
    await stack.services.inventory.kill();
    await stack.services.inventory.start(60_000);
    // Everything since the last committed offset is read again, these orders' events among them:
    // two per order (placed; shipped or declined or failed), each recognised by the inbox.
    await waitFor(
      async () => (await readCounter(stack.url('inventory'), 'consumer_messages_duplicate_total')) >= 12,
      {
        timeoutMs: 60_000,
        what: 'the redelivered events skipped',
      },
    );
    await expectSagaInvariants(orderIds);
  }, 180_000);
});
