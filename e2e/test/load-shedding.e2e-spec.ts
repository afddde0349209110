import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  SagaClient,
  SagaStack,
  databaseUrlFor,
  expectSagaInvariants,
  readCounter,
  waitFor,
  bearer,
} from '@saga-shop/testing';

// Load shedding at the edge: past ORDER_ADMISSION_MAX_OPEN open orders, POST /orders is refused
// early (503, Retry-After, problem+json) and writes nothing, so a retry with the same
// Idempotency-Key is safe and succeeds once the saga caught up. Inventory is stopped to hold
// orders open deterministically.
const stack = new SagaStack({
  envFor: { order: { ORDER_ADMISSION_MAX_OPEN: '3', ORDER_ADMISSION_INTERVAL_MS: '50' } },
});
const client = new SagaClient(stack);

async function post(body: { customerId: string }, idempotencyKey: string) {
  return fetch(`${stack.url('order')}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      ...(await bearer(body.customerId)),
    },
    body: JSON.stringify(body),
  });
}

async function ordersWithKey(key: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrlFor('order') });
  await db.connect();
  try {
    return Number(
      (await db.query('SELECT count(*) FROM orders WHERE idempotency_key = $1', [key])).rows[0].count,
    );
  } finally {
    await db.end();
  }
}

describe('load shedding', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('refuses a POST while too many orders are open, writing nothing; the same key succeeds later', async () => {
    await stack.services.inventory.stop();
    const held: string[] = [];
    const key = `shed-${randomUUID()}`;
    const body = client.orderBody();
    try {
      for (let index = 0; index < 3; index += 1) held.push(await client.placeOrder());
      const shedBefore = await readCounter(stack.url('order'), 'http_orders_shed_total');
      // The open orders are counted every 50 ms: probe with throwaway keys until the count caught up.
      await waitFor(async () => (await post(client.orderBody(), `probe-${randomUUID()}`)).status === 503, {
        timeoutMs: 5_000,
        what: 'a refusal once three orders are open',
      });
      const refused = await post(body, key);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await refused.json()) as { status: number; detail: string }).detail).toMatch(/open/);
      expect(await ordersWithKey(key)).toBe(0);
      expect(await readCounter(stack.url('order'), 'http_orders_shed_total')).toBeGreaterThan(shedBefore);
    } finally {
      await stack.services.inventory.start(60_000);
    }
    await Promise.all(held.map((orderId) => client.waitForTerminal(orderId)));
    const accepted = await waitFor(
      async () => {
        const response = await post(body, key);
        return response.status === 202 ? response : undefined;
      },
      { timeoutMs: 10_000, what: 'the retry with the same key accepted' },
    );
    const { orderId } = (await accepted.json()) as { orderId: string };
    expect(await ordersWithKey(key)).toBe(1);
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');
    await expectSagaInvariants([...held, orderId]);
  }, 120_000);
});
