import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import {
  SagaStack,
  bearer,
  databaseUrlFor,
  serviceNames,
  waitFor,
  type ServiceName,
} from '@saga-shop/testing';
import {
  requestsFor,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
  type Parameter,
} from './fuzz/generated-requests.js';
import { mutatedValue, validValue, type Overrides } from './fuzz/generated-values.js';

// No input of any shape gets a 5xx: generated requests against every operation each service's own
// /docs-json declares, seeded (FUZZ_SEED replays a run). Every answer is < 500 and, from 400 on,
// problem+json; a refused POST /orders writes no order, a refused restock changes no stock.
const seed = Number(process.env['FUZZ_SEED'] ?? 20_261_202);
const runsPerOperation = Number(process.env['FUZZ_RUNS'] ?? 100);
// Load shedding is not what this measures: other runs sharing the database may hold open orders.
const stack = new SagaStack({ envFor: { order: { ORDER_ADMISSION_MAX_OPEN: '1000000' } } });
const placed: string[] = []; // orders the generated requests placed: ids for the other operations
// Customer ids name this run: a replayed seed must not find the orders of an earlier run.
const run = randomUUID().slice(0, 8);
let sequence = 0;

// Orders name SKUs that are not for sale, so a generated order that happens to be valid is
// placed and then rejected by inventory: no stock of the demo catalog moves.
const overrides: Overrides = {
  sku: fc.stringMatching(/^FUZZ-[A-Z0-9]{1,12}$/),
  customerId: fc.constant('__CUSTOMER__'),
};

function parameterValue(parameter: Parameter): fc.Arbitrary<unknown> {
  if (parameter.schema?.format === 'uuid' && placed.length > 0)
    return fc.oneof(fc.uuid(), fc.constantFrom(...placed));
  if (parameter.name === 'sku') return overrides['sku'] as fc.Arbitrary<unknown>;
  return validValue(parameter.schema ?? {});
}

async function send(service: ServiceName, request: FuzzRequest) {
  const customerId = `fuzz-${run}-${(sequence += 1)}`;
  const body =
    typeof request.body === 'string' ? request.body.replaceAll('__CUSTOMER__', customerId) : request.body;
  // As staff whose subject is the body's customer: every operation is open to it, so the
  // generated input reaches the validation and the handlers behind authentication.
  const response = await fetch(`${stack.url(service)}${request.target}`, {
    method: request.method,
    headers: { ...request.headers, ...(await bearer(customerId, { staff: true })) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const sentCustomer = typeof body === 'string' && body.includes(`"customerId":"${customerId}"`);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    customerId,
    sentCustomer,
  };
}

/** Orders in the order service's database matching a condition (`$1` is the one value). */
async function countOrders(where: string, value: unknown[]): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrlFor('order') });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT count(*) FROM orders WHERE ${where}`, [value]);
    return Number(rows[0].count);
  } finally {
    await db.end();
  }
}

/** Fires generated requests at one operation; every answer must be < 500 and problem+json from 400. */
async function fuzz(service: ServiceName, path: string, method: string, operation: Operation) {
  const refusedCustomers: string[] = [];
  await fc.assert(
    fc.asyncProperty(requestsFor(path, method, operation, parameterValue, overrides), async (request) => {
      const answer = await send(service, request);
      const described = `${request.method} ${request.target.slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 300)}`;
      expect({ described, serverError: answer.status >= 500 }).toEqual({ described, serverError: false });
      if (answer.status >= 400) {
        expect({ described, type: answer.type }).toEqual({
          described,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        const problem = JSON.parse(answer.text) as { status: number; title: unknown };
        expect({ described, status: problem.status, title: typeof problem.title }).toEqual({
          described,
          status: answer.status,
          title: 'string',
        });
        if (answer.sentCustomer) refusedCustomers.push(answer.customerId);
      } else if (method === 'post' && path === '/orders') {
        placed.push((JSON.parse(answer.text) as { orderId: string }).orderId);
      }
    }),
    { seed, numRuns: runsPerOperation, endOnFailure: true },
  );
  return refusedCustomers;
}

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    )
    // POST /orders first: what it places gives the other operations real ids.
    .sort(
      (a, b) =>
        Number(b.path === '/orders' && b.method === 'post') -
        Number(a.path === '/orders' && a.method === 'post'),
    );

describe(`the REST edge under generated input (seed ${seed})`, () => {
  const documents = {} as Record<ServiceName, OpenApiDocument>;

  beforeAll(async () => {
    console.log(
      `rest-edge fuzz: seed ${seed}, ${runsPerOperation} requests per operation (FUZZ_SEED, FUZZ_RUNS)`,
    );
    await stack.start();
    for (const name of serviceNames)
      documents[name] = (await (await fetch(`${stack.url(name)}/docs-json`)).json()) as OpenApiDocument;
  }, 120_000);

  afterAll(async () => {
    // The orders it placed name no real SKU: inventory rejects them. Leave none open behind.
    const open = `id = ANY($1::uuid[]) AND status NOT IN ('COMPLETED', 'CANCELLED')`;
    await waitFor(async () => (await countOrders(open, placed)) === 0, {
      timeoutMs: 30_000,
      what: 'fuzzed orders terminal',
    }).catch(() => undefined);
    await stack.stop();
  }, 90_000);

  it.each(serviceNames.map((name) => [name]))(
    '%s answers every generated request below 500, as problem+json from 400 on, writing no refused order',
    async (name) => {
      const operations = operationsOf(documents[name]);
      expect(operations.length).toBeGreaterThan(2);
      const refused: string[] = [];
      for (const { path, method, operation } of operations)
        refused.push(...(await fuzz(name, path, method, operation)));
      expect(await countOrders('customer_id = ANY($1)', refused)).toBe(0);
      if (name === 'order') expect(refused.length).toBeGreaterThan(runsPerOperation / 3);
    },
    120_000,
  );

  it('changes no stock for a refused restock of a product that exists', async () => {
    const products = (await (await fetch(`${stack.url('inventory')}/products`)).json()) as {
      sku: string;
      available: number;
    }[];
    const product = products[products.length - 1] as { sku: string; available: number };
    const schema =
      documents.inventory.paths['/products/{sku}/stock']?.['put']?.requestBody?.content?.['application/json']
        ?.schema ?? {};
    // Only bodies that break the schema (the filter makes sure): no generated body may restock.
    const refusedBody = mutatedValue(schema, {
      available: fc.constantFrom(-1, 1.5, 1_000_001, '7', null, true, [], {}),
    }).filter((body) => !isRestock(body));
    await fc.assert(
      fc.asyncProperty(refusedBody, async (body) => {
        const answer = await send('inventory', {
          method: 'PUT',
          target: `/products/${product.sku}/stock`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      }),
      { seed, numRuns: runsPerOperation },
    );
    const after = (await (await fetch(`${stack.url('inventory')}/products/${product.sku}`)).json()) as {
      available: number;
    };
    expect(after.available).toBe(product.available);
  }, 60_000);
});

function isRestock(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { available, ...rest } = body as { available?: unknown };
  return (
    Object.keys(rest).length === 0 &&
    Number.isInteger(available) &&
    (available as number) >= 0 &&
    (available as number) <= 1_000_000
  );
}
