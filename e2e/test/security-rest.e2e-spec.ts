import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import pg from 'pg';
import { localIssuer, signLocalToken } from '@saga-shop/auth';
import {
  SagaClient,
  SagaStack,
  bearer,
  databaseUrlFor,
  localAuthDir,
  staffBearer,
  tokenFor,
  type ServiceName,
} from '@saga-shop/testing';

// Attacks on the REST edge of the real services. Every one must fail as designed: 401 for a
// token that is missing or not the issuer's, 404 for another customer's order (ids leak nothing),
// 403 for a customer doing what only staff may, and none of them writes anything.
const stack = new SagaStack();
const client = new SagaClient(stack);

async function call(service: ServiceName, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.url(service)}${path}`, init);
}

const withToken = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
});

/** Tokens that look right but must not be accepted. */
async function forgedTokens(): Promise<[string, string, RegExp][]> {
  const { privateKey } = await generateKeyPair('ES256');
  const otherKey = await new SignJWT({ roles: ['staff'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'attacker' })
    .setIssuer(localIssuer.issuer)
    .setAudience(localIssuer.audience)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .sign(privateKey);
  const none = new UnsecuredJWT({ roles: ['staff'] })
    .setIssuer(localIssuer.issuer)
    .setAudience(localIssuer.audience)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .encode();
  const sign = (overrides: object) => signLocalToken(localAuthDir, { subject: 'mallory', ...overrides });
  return [
    ['an expired token', await sign({ ttlSeconds: -300 }), /expired/],
    ['a token for another audience', await sign({ audience: 'billing' }), /aud claim/],
    ['a token from another issuer', await sign({ issuer: 'https://login.example.com' }), /iss claim/],
    ['alg: none', none, /accepted algorithm/],
    ['a token signed by another key', otherKey, /not signed by the configured issuer/],
    ['not a JWT', 'definitely-not-a-jwt', /malformed/],
  ];
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { status: number; title: string; detail: string };
}

async function ordersOf(customerId: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrlFor('order') });
  await db.connect();
  try {
    return Number(
      (await db.query('SELECT count(*) FROM orders WHERE customer_id = $1', [customerId])).rows[0].count,
    );
  } finally {
    await db.end();
  }
}

describe('REST authentication and authorization', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('answers a request without a token 401 with the Bearer challenge, writing nothing', async () => {
    const body = client.orderBody();
    const response = await call('order', '/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="saga-shop"');
    expect((await problemOf(response)).title).toBe('Unauthorized');
    expect(await ordersOf(body.customerId)).toBe(0);
  });

  it('refuses every forged, expired or foreign token with 401 invalid_token, on every service', async () => {
    for (const [what, token, why] of await forgedTokens()) {
      for (const [service, path] of [
        ['order', `/orders/${randomUUID()}`],
        ['payment', `/payments?orderId=${randomUUID()}`],
        ['fulfilment', `/shipments?orderId=${randomUUID()}`],
      ] as const) {
        const response = await call(service, path, withToken(token));
        expect({ what, service, status: response.status }).toEqual({ what, service, status: 401 });
        expect(response.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="saga-shop", error="invalid_token"/,
        );
        expect((await problemOf(response)).detail).toMatch(why);
      }
    }
  });

  it("hides another customer's order: reading or cancelling it is 404, and it stays untouched", async () => {
    const orderId = await client.placeOrder({ customerId: `alice-${randomUUID().slice(0, 8)}` });
    const mallory = await tokenFor(`mallory-${randomUUID().slice(0, 8)}`);
    const read = await call('order', `/orders/${orderId}`, withToken(mallory));
    const unknown = await call('order', `/orders/${randomUUID()}`, withToken(mallory));
    expect([read.status, unknown.status]).toEqual([404, 404]);
    // Same answer as for an order that does not exist, apart from the id itself.
    expect((await problemOf(read)).title).toBe((await problemOf(unknown)).title);
    const cancel = await call('order', `/orders/${orderId}/cancel`, withToken(mallory, { method: 'POST' }));
    expect(cancel.status).toBe(404);
    const order = await client.waitForTerminal(orderId);
    expect(order.status).toBe('COMPLETED');
    expect(order.history.map((entry) => entry.type)).not.toContain('CancellationRequested');
  });

  it("lets staff read any customer's order", async () => {
    const orderId = await client.placeOrder();
    const response = await call('order', `/orders/${orderId}`, { headers: await staffBearer() });
    expect(response.status).toBe(200);
  });

  it('refuses an order placed in the name of another customer (403), writing nothing', async () => {
    const victim = `victim-${randomUUID().slice(0, 8)}`;
    const response = await call('order', '/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer('mallory')) },
      body: JSON.stringify(client.orderBody({ customerId: victim })),
    });
    expect(response.status).toBe(403);
    expect(await ordersOf(victim)).toBe(0);
  });

  it('keeps restocking and the payment and shipment records to staff (403 insufficient_scope)', async () => {
    const customer = await bearer('mallory');
    // A product no order of this suite holds, so a late reservation cannot move its stock.
    const sku = 'NOTEBOOK-A5';
    const before = await client.product(sku);
    const attempts = [
      call('inventory', `/products/${sku}/stock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...customer },
        body: JSON.stringify({ available: 0 }),
      }),
      call('payment', `/payments?orderId=${randomUUID()}`, { headers: customer }),
      call('fulfilment', `/shipments?orderId=${randomUUID()}`, { headers: customer }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect((await problemOf(response)).title).toBe('Forbidden');
    }
    expect((await client.product(sku)).available).toBe(before.available);
    const staff = await call('payment', `/payments?orderId=${randomUUID()}`, {
      headers: await staffBearer(),
    });
    expect(staff.status).toBe(200);
  });

  it('keeps health, metrics, docs and the catalog open', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs-json'])
      expect({ path, status: (await call('order', path)).status }).toEqual({ path, status: 200 });
    expect((await call('inventory', '/products')).status).toBe(200);
  });
});
