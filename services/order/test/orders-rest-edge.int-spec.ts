import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureLocalKeys, localIssuer, signLocalToken, TokenVerifier } from '@saga-shop/auth';
import type { Statement } from '@saga-shop/messaging';
import {
  BearerAuthGuard,
  configureHttpEdge,
  createHttpAdapter,
  SagaTransactions,
  type DatabasePool,
} from '@saga-shop/platform';
import { OrderAdmission } from '../src/application/order-admission.js';
import { OrdersController } from '../src/http/orders.controller.js';
import { ORDER_CONFIG, type OrderConfig } from '../src/order-config.js';
import { OrderDatabase } from '../src/persistence/order-database.js';

// The order routes through the platform's REST edge when things go wrong. Load shedding: the
// guard's 503 must reach the client with its Retry-After, before the body is validated and before
// anything is written (the saga's database is a stand-in that reports more open orders than the
// limit and records statements). An outage: Prisma's reads against a database nobody answers for
// must be a 503 with Retry-After too, never a 500.
const statements: string[] = [];
const overloadedDatabase = {
  query: async (statement: Statement) => {
    statements.push(statement.name);
    return [{ open: 5 }];
  },
  execute: async (statement: Statement) => {
    statements.push(statement.name);
    return 0;
  },
  run: () => Promise.reject(new Error('no transaction may start while shedding')),
};
// Nothing listens on port 1: connecting is refused, as when PostgreSQL is down.
const unreachablePool = Object.assign(
  new pg.Pool({ connectionString: 'postgres://nobody:x@127.0.0.1:1/none', connectionTimeoutMillis: 1_000 }),
  { schema: 'order' },
) as unknown as DatabasePool;
const config: OrderConfig = {
  sagaTimeoutMs: 60_000,
  watchdogIntervalMs: 5_000,
  admission: { maxOpenOrders: 2, intervalMs: 60_000 },
};

// The real authentication guard, with a throwaway issuer: these requests are a customer's.
const issuerDir = mkdtempSync(path.join(os.tmpdir(), 'orders-rest-edge-'));
const jwksUrl = await ensureLocalKeys(issuerDir);
const authorization = `Bearer ${await signLocalToken(issuerDir, { subject: 'c-42' })}`;

@Module({
  controllers: [OrdersController],
  providers: [
    { provide: TokenVerifier, useValue: new TokenVerifier({ ...localIssuer, jwksUrl }) },
    { provide: APP_GUARD, useClass: BearerAuthGuard },
    OrderAdmission,
    { provide: SagaTransactions, useValue: overloadedDatabase },
    { provide: OrderDatabase, useValue: new OrderDatabase(unreachablePool) },
    { provide: ORDER_CONFIG, useValue: config },
  ],
})
class OrdersUnderStressModule {}

let app: NestFastifyApplication;
let base: string;

describe('the order routes at the REST edge, overloaded or cut off from the database', () => {
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(OrdersUnderStressModule, createHttpAdapter(), {
      logger: false,
      bodyParser: false,
    });
    configureHttpEdge(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    await unreachablePool.end();
    rmSync(issuerDir, { recursive: true, force: true });
  });

  it('refuses POST /orders with 503 problem+json and Retry-After while too many orders are open, writing nothing', async () => {
    const response = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'shed-1', authorization },
      body: '{"not":"even a valid order"}',
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { title: string; detail: string };
    expect(problem.title).toBe('Service Unavailable');
    expect(problem.detail).toMatch(/5 orders are still open \(the limit is 2\).*same Idempotency-Key/);
    expect(new Set(statements)).toEqual(new Set(['orders-open-count']));
  });

  it('answers GET /orders/{id} with 503 problem+json and Retry-After: 1 while the database is unreachable', async () => {
    const response = await fetch(`${base}/orders/7d9f3c52-1f7a-4c1e-9a55-0c1f2b3d4e5f`, {
      headers: { authorization },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toMatch(
      /unreachable.*same Idempotency-Key/,
    );
  });
});
