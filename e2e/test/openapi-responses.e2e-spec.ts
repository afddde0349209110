import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SagaClient,
  SagaStack,
  bearer,
  serviceNames,
  staffBearer,
  type ServiceName,
} from '@saga-shop/testing';
import { OpenApiContract } from './openapi-contract.js';

// Each service's OpenAPI document (GET /docs-json) against what the running service really
// answers: every response below must be documented, status and content type, and its body must
// validate against the documented schema. Fulfilment packs for a while, so a paid order can
// still be cancelled (202) while another ships.
const stack = new SagaStack({ envFor: { fulfilment: { FULFILMENT_DISPATCH_DELAY_MS: '3000' } } });
const client = new SagaClient(stack);
const contracts = {} as Record<ServiceName, OpenApiContract>;
const missing = '00000000-0000-4000-8000-000000000000';

/** Sends the request, then checks the answer against `service`'s document at `path` (a template). */
async function expectDocumented(
  service: ServiceName,
  method: string,
  path: string,
  url: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  const response = await fetch(`${stack.url(service)}${url}`, { method, ...init });
  expect(await contracts[service].violations(method, path, response.clone())).toEqual([]);
  return response;
}

const json = (body: unknown, headers: Record<string, string>) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('live responses match each service’s OpenAPI document', () => {
  beforeAll(async () => {
    await stack.start();
    for (const name of serviceNames) contracts[name] = await OpenApiContract.of(stack.url(name));
  }, 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('documents the shared problem+json component and a summary for every operation', () => {
    for (const name of serviceNames) {
      const { document } = contracts[name];
      expect(document.components?.schemas?.['Problem']).toBeDefined();
      for (const operations of Object.values(document.paths))
        for (const operation of Object.values(operations))
          expect(operation).toEqual(expect.objectContaining({ summary: expect.any(String) }));
    }
  });

  it('order: place, read, cancel, and each refusal', async () => {
    const body = client.orderBody();
    const owner = await bearer(body.customerId);
    const placed = await expectDocumented('order', 'POST', '/orders', '/orders', json(body, owner));
    const { orderId } = (await placed.json()) as { orderId: string };
    const shipping = await client.placeOrder();

    await client.waitForStatus(orderId, ['PAID']);
    await expectDocumented('order', 'POST', '/orders/{id}/cancel', `/orders/${orderId}/cancel`, {
      headers: owner,
    });
    await client.waitForTerminal(orderId);
    await client.waitForTerminal(shipping);
    await expectDocumented('order', 'GET', '/orders/{id}', `/orders/${orderId}`, { headers: owner });
    const staff = await staffBearer();
    await expectDocumented('order', 'GET', '/orders/{id}', `/orders/${shipping}`, { headers: staff });
    const refusals: [string, string, string, { headers?: Record<string, string>; body?: string }, number][] =
      [
        ['POST', '/orders', '/orders', json({ ...body, items: [] }, owner), 400],
        ['POST', '/orders', '/orders', json(body, {}), 401],
        ['POST', '/orders', '/orders', json({ ...body, customerId: 'someone-else' }, owner), 403],
        [
          'POST',
          '/orders',
          '/orders',
          { headers: { ...owner, 'content-type': 'text/plain' }, body: 'x' },
          415,
        ],
        ['GET', '/orders/{id}', '/orders/not-a-uuid', { headers: owner }, 400],
        ['GET', '/orders/{id}', `/orders/${missing}`, { headers: owner }, 404],
        ['POST', '/orders/{id}/cancel', `/orders/${shipping}/cancel`, { headers: staff }, 409],
      ];
    for (const [method, path, url, init, status] of refusals)
      expect((await expectDocumented('order', method, path, url, init)).status).toBe(status);
  }, 90_000);

  it('order: the same Idempotency-Key with another body is 422', async () => {
    const body = client.orderBody();
    const headers = { ...(await bearer(body.customerId)), 'idempotency-key': `key-${body.customerId}` };
    await expectDocumented('order', 'POST', '/orders', '/orders', json(body, headers));
    const other = { ...body, items: [{ sku: 'TSHIRT-M', quantity: 2 }] };
    expect((await expectDocumented('order', 'POST', '/orders', '/orders', json(other, headers))).status).toBe(
      422,
    );
  });

  it('inventory: the catalog, one product, restocking and its refusals', async () => {
    await expectDocumented('inventory', 'GET', '/products', '/products');
    await expectDocumented('inventory', 'GET', '/products/{sku}', '/products/TSHIRT-M');
    const { available } = await client.product('TSHIRT-M');
    const staff = await staffBearer();
    const restock = '/products/{sku}/stock';
    await expectDocumented(
      'inventory',
      'PUT',
      restock,
      '/products/TSHIRT-M/stock',
      json({ available }, staff),
    );
    const refusals: [string, string, string, { headers?: Record<string, string>; body?: string }, number][] =
      [
        ['GET', '/products/{sku}', '/products/lower-case', {}, 400],
        ['GET', '/products/{sku}', '/products/NO-SUCH-SKU', {}, 404],
        ['PUT', restock, '/products/TSHIRT-M/stock', json({ available: -1 }, staff), 400],
        ['PUT', restock, '/products/TSHIRT-M/stock', json({ available }, {}), 401],
        ['PUT', restock, '/products/TSHIRT-M/stock', json({ available }, await bearer('a-customer')), 403],
        ['PUT', restock, '/products/NO-SUCH-SKU/stock', json({ available }, staff), 404],
      ];
    for (const [method, path, url, init, status] of refusals)
      expect((await expectDocumented('inventory', method, path, url, init)).status).toBe(status);
  });

  it('payment and fulfilment: an order’s records for staff, refused to others', async () => {
    const orderId = await client.placeOrder();
    await client.waitForTerminal(orderId);
    const staff = await staffBearer();
    for (const [service, path] of [
      ['payment', '/payments'],
      ['fulfilment', '/shipments'],
    ] as const) {
      const found = await expectDocumented(service, 'GET', path, `${path}?orderId=${orderId}`, {
        headers: staff,
      });
      expect(await found.json()).toHaveLength(1);
      await expectDocumented(service, 'GET', path, `${path}?orderId=${missing}`, { headers: staff });
      for (const [url, init, status] of [
        [`${path}?orderId=nope`, { headers: staff }, 400],
        [`${path}?orderId=${orderId}`, {}, 401],
        [`${path}?orderId=${orderId}`, { headers: await bearer('a-customer') }, 403],
      ] as const)
        expect((await expectDocumented(service, 'GET', path, url, init)).status).toBe(status);
    }
  }, 60_000);

  it('health: liveness and readiness', async () => {
    for (const name of serviceNames) {
      await expectDocumented(name, 'GET', '/health/live', '/health/live');
      await expectDocumented(name, 'GET', '/health/ready', '/health/ready');
    }
  });

  it('saw every documented success response at least once', () => {
    for (const name of serviceNames) {
      const unseen = contracts[name].documentedSuccesses().filter((key) => !contracts[name].seen.has(key));
      expect({ service: name, unseen }).toEqual({ service: name, unseen: [] });
    }
  });
});
