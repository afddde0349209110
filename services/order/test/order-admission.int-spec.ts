import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProblemException, type SagaTransactions } from '@saga-shop/platform';
import { OrderAdmission } from '../src/application/order-admission.js';
import { OrderHarness } from './order-harness.js';
import { captured, declined, reserved, shipped } from './order-inputs.js';

// Load shedding counts open orders in the database. A schema of its own, so the count is exactly
// the orders this file placed.
let orders: OrderHarness;

/** An admission with this limit, counted once as at start (its periodic recount never fires here). */
async function admissionWithLimit(maxOpenOrders: number): Promise<OrderAdmission> {
  const admission = new OrderAdmission(orders.runner as unknown as SagaTransactions, {
    sagaTimeoutMs: 60_000,
    watchdogIntervalMs: 60_000,
    admission: { maxOpenOrders, intervalMs: 60_000 },
  });
  await admission.onApplicationBootstrap();
  await admission.onApplicationShutdown();
  return admission;
}

describe('order admission (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
    // Three open (PENDING, RESERVED, PAID), two terminal (COMPLETED, CANCELLED).
    await orders.placed();
    const [reservedOrder, paid, completed, cancelled] = [
      await orders.placed(),
      await orders.placed(),
      await orders.placed(),
      await orders.placed(),
    ];
    await orders.handle(reserved(reservedOrder), reserved(paid), captured(paid));
    await orders.handle(reserved(completed), captured(completed), shipped(completed));
    await orders.handle(reserved(cancelled), declined(cancelled));
  });

  afterAll(async () => {
    await orders.close();
  });

  it('admits POST /orders while fewer orders are open than the limit, counting only non-terminal ones', async () => {
    expect((await admissionWithLimit(4)).canActivate()).toBe(true);
  });

  it('refuses POST /orders with 503 and Retry-After once the open orders reach the limit', async () => {
    const admission = await admissionWithLimit(3);
    let refusal: unknown;
    try {
      admission.canActivate();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProblemException);
    const { detail, headers } = refusal as ProblemException;
    expect({ status: (refusal as ProblemException).getStatus(), detail, headers }).toEqual({
      status: 503,
      detail: expect.stringMatching(/^3 orders are still open \(the limit is 3\); nothing was written/),
      headers: { 'Retry-After': '1' },
    });
  });
});
