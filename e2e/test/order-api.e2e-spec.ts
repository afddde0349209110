import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SagaClient, SagaStack, bearer, databaseUrlFor } from '@saga-shop/testing';

// The REST edge of the order service: idempotency and input validation. Only the order service
// runs; nothing here needs the saga to progress.
const stack = new SagaStack();
const client = new SagaClient(stack);
const orderUrl = () => `${stack.url('order')}/orders`;

/** POST /orders as the customer the body names (authentication itself: security.e2e-spec.ts). */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const customerId = (body as { customerId?: string }).customerId ?? 'customer-e2e';
  return fetch(orderUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearer(customerId)), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function ordersOf(customerId: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrlFor('order') });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT count(*) FROM orders WHERE customer_id = $1', [customerId]);
    return Number(rows[0].count);
  } finally {
    await db.end();
  }
}

describe('order REST API', () => {
  beforeAll(() => stack.services.order.start(60_000), 60_000);
  afterAll(() => stack.services.order.stop(), 30_000);

  it('answers 202 with the order id, its status and a Location header', async () => {
    const response = await post(client.orderBody());
    expect(response.status).toBe(202);
    const body = (await response.json()) as { orderId: string; status: string };
    expect(body.status).toBe('PENDING');
    expect(response.headers.get('location')).toBe(`/orders/${body.orderId}`);
  });

  it('returns the same order for the same Idempotency-Key and body, even when sent at once', async () => {
    const body = client.orderBody();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => post(body, { 'Idempotency-Key': key })),
    );
    const ids = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { orderId: string }).orderId),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
    expect(new Set(ids).size).toBe(1);
    expect(await ordersOf(body.customerId)).toBe(1);
  });

  it('refuses an Idempotency-Key reused with another body (422), writing nothing', async () => {
    const key = randomUUID();
    const first = client.orderBody();
    expect((await post(first, { 'Idempotency-Key': key })).status).toBe(202);
    const second = { ...first, items: [{ sku: 'MUG-CLASSIC', quantity: 3 }] };
    const refused = await post(second, { 'Idempotency-Key': key });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await ordersOf(first.customerId)).toBe(1);
  });

  it("scopes the Idempotency-Key per customer: the same key from another customer is that customer's order", async () => {
    const key = randomUUID();
    const mine = client.orderBody();
    const theirs = { ...mine, customerId: `other-${randomUUID()}` };
    const first = (await (await post(mine, { 'Idempotency-Key': key })).json()) as { orderId: string };
    const second = await post(theirs, { 'Idempotency-Key': key });
    expect(second.status).toBe(202);
    expect(((await second.json()) as { orderId: string }).orderId).not.toBe(first.orderId);
    expect(await ordersOf(mine.customerId)).toBe(1);
    expect(await ordersOf(theirs.customerId)).toBe(1);
  });

  it('answers 400 problem+json naming every bad field, and writes nothing', async () => {
    const body = {
      ...client.orderBody(),
      items: [{ sku: 'tshirt', quantity: 0 }],
      paymentMethod: 'cash',
      shippingAddress: { line1: '', city: 'Lyon', postalCode: '69001', country: 'France' },
      coupon: 'FREE',
    };
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { status: number; errors: { field: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((error) => error.field).sort()).toEqual(
      [
        'coupon',
        'items.0.quantity',
        'items.0.sku',
        'paymentMethod',
        'shippingAddress.country',
        'shippingAddress.line1',
      ].sort(),
    );
    expect(await ordersOf(body.customerId)).toBe(0);
  });

  it.each([
    ['no items', { items: [] }],
    ['51 lines', { items: Array.from({ length: 51 }, () => ({ sku: 'TSHIRT-M', quantity: 1 })) }],
    ['1001 units', { items: [{ sku: 'TSHIRT-M', quantity: 1001 }] }],
  ])('refuses %s with 400', async (_case, change) => {
    expect((await post({ ...client.orderBody(), ...change })).status).toBe(400);
  });

  it('refuses an order listing one SKU on two lines with 400 naming the repeated line, writing nothing', async () => {
    const body = {
      ...client.orderBody(),
      items: [
        { sku: 'TSHIRT-M', quantity: 1000 },
        { sku: 'MUG-CLASSIC', quantity: 1 },
        { sku: 'TSHIRT-M', quantity: 1000 },
      ],
    };
    const response = await post(body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors).toEqual([
      { field: 'items.2.sku', message: expect.stringMatching(/TSHIRT-M .*line 0/) },
    ]);
    expect(await ordersOf(body.customerId)).toBe(0);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
  ])(
    'answers %s with 415 problem+json titled Unsupported Media Type, writing nothing',
    async (_case, type) => {
      const body = client.orderBody();
      const response = await post(JSON.stringify(body), { 'content-type': type });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { title: string }).title).toBe('Unsupported Media Type');
      expect(await ordersOf(body.customerId)).toBe(0);
    },
  );

  it('accepts JSON declared as UTF-8', async () => {
    const response = await post(client.orderBody(), { 'content-type': 'application/json; charset=utf-8' });
    expect(response.status).toBe(202);
  });

  it('titles framework errors by their status, never by a class name', async () => {
    const tooLarge = await post(JSON.stringify({ ...client.orderBody(), pad: 'x'.repeat(2_000_000) }));
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { title: string }).title).toBe('Payload Too Large');
    const malformed = await post('{"customerId":');
    expect(((await malformed.json()) as { title: string }).title).toBe('Bad Request');
    const unknownRoute = await fetch(`${stack.url('order')}/no-such-thing`);
    expect(unknownRoute.status).toBe(404);
    expect(((await unknownRoute.json()) as { title: string }).title).toBe('Not Found');
  });

  it('answers 400 for a body that is not JSON, and 404 problem+json for an unknown order', async () => {
    expect((await post('{"customerId":')).status).toBe(400);
    const missing = await fetch(`${orderUrl()}/${randomUUID()}`, { headers: await bearer('customer-e2e') });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
