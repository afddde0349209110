import { fileURLToPath } from 'node:url';
import type { AnySagaEvent } from '@saga-shop/contracts';
import { applyBatch, handleBatchOnce, TransactionRunner, type SagaBatchHandler } from '@saga-shop/messaging';
import { migrate, sagaServiceMigrations, type SagaTransactions } from '@saga-shop/platform';
import { createScratchPool, waitUntilBlockedBy, type ScratchPool } from '@saga-shop/testing';
import { placeOrder, type OrderRequest } from '../src/application/place-order.js';
import { requestCancellation } from '../src/application/request-cancellation.js';
import { TimeoutWatchdog } from '../src/application/timeout-watchdog.js';
import { OrderWorkingSet } from '../src/persistence/order-working-set.js';
import { reactAsOrderConsumer } from './consumer-wiring.js';
import { HeldOpenRunner } from './held-open-runner.js';
import { orderRequest } from './order-inputs.js';

export interface OrderRow {
  status: string;
  reason: string | null;
  cancellationRequested: string | null;
  totalCents: number | null;
  currency: string | null;
  terminal: boolean;
}

/**
 * The order service's core against a migrated scratch schema, with the pieces Nest wires: a
 * TransactionRunner, the OrderWorkingSet and the reactions. `handle` runs one batch through
 * handleBatchOnce, exactly as the consumer commits a fetch; reads are plain SQL on the real rows.
 */
export class OrderHarness {
  readonly runner: TransactionRunner;
  private readonly handler: SagaBatchHandler;

  private constructor(private readonly scratch: ScratchPool) {
    this.runner = new TransactionRunner({ pool: scratch.pool });
    const workingSet = new OrderWorkingSet();
    this.handler = { apply: (tx, consumed) => applyBatch(tx, consumed, workingSet, reactAsOrderConsumer) };
  }

  static async open(poolSize = 10): Promise<OrderHarness> {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const scratch = await createScratchPool(
      (url, schema) => migrate(url, sagaServiceMigrations(migrations), schema),
      poolSize,
    );
    return new OrderHarness(scratch);
  }

  get pool() {
    return this.scratch.pool;
  }

  close(): Promise<void> {
    return this.scratch.drop();
  }

  /** One batch, in this order, in one transaction: how many were applied and how many skipped. */
  handle(...batch: AnySagaEvent[]) {
    return handleBatchOnce(this.runner, this.handler, batch);
  }

  /** Each event in a batch of its own, in this order; each must be fresh (none a redelivery). */
  async handleEach(...events: AnySagaEvent[]): Promise<void> {
    for (const event of events) {
      const { applied } = await this.handle(event);
      if (applied !== 1) throw new Error(`${event.type} ${event.id} was skipped as a redelivery`);
    }
  }

  /** POST /orders without HTTP. */
  place(request: OrderRequest, idempotencyKey?: string) {
    return placeOrder(this.runner, request, idempotencyKey);
  }

  /**
   * placeOrder whose transaction stays open after its insert until `commit()`, which answers with
   * its result; `pid` is the backend a racing request will wait for.
   */
  async placeHeldOpen(request: OrderRequest, idempotencyKey: string) {
    const held = new HeldOpenRunner({ pool: this.pool });
    const placing = placeOrder(held, request, idempotencyKey);
    // A placement that fails before holding its transaction open must fail the test, not hang it.
    const pid = await Promise.race([held.pid, placing.then(() => Promise.reject(new Error('not held')))]);
    return {
      pid,
      commit: () => {
        held.commit();
        return placing;
      },
    };
  }

  /** Resolves once another backend waits for a lock that `pid` holds. */
  waitUntilBlockedBy(pid: number): Promise<number> {
    return waitUntilBlockedBy(this.pool, pid);
  }

  /** A new PENDING order of `customerId`: its id. */
  async placed(customerId = 'customer-42'): Promise<string> {
    const result = await this.place(orderRequest(customerId));
    if (result.kind !== 'placed') throw new Error(`expected a new order, got ${result.kind}`);
    return result.orderId;
  }

  /** POST /orders/{id}/cancel without HTTP; `ownedBy` is the customer asking (staff: none). */
  cancel(orderId: string, ownedBy?: string) {
    return this.runner.run((tx) => requestCancellation(tx, orderId, 'CUSTOMER_CANCELLED', { ownedBy }));
  }

  /** A watchdog that only sweeps when told: never bootstrapped, so its periodic task stays off. */
  watchdog(sagaTimeoutMs: number): TimeoutWatchdog {
    // SagaTransactions is a TransactionRunner that Nest wires to the relay; the sweep only runs.
    const transactions = this.runner as unknown as SagaTransactions;
    return new TimeoutWatchdog(transactions, {
      sagaTimeoutMs,
      watchdogIntervalMs: 60_000,
      admission: { maxOpenOrders: 1_000, intervalMs: 60_000 },
    });
  }

  async orderOf(orderId: string): Promise<OrderRow | undefined> {
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT status, reason, cancellation_requested AS "cancellationRequested",
              total_cents AS "totalCents", currency, terminal_at IS NOT NULL AS terminal
         FROM orders WHERE id = $1`,
      [orderId],
    );
    return rows[0];
  }

  /** The order's history in the order GET /orders/{id} shows it (by id). */
  async historyOf(orderId: string): Promise<{ type: string; detail: Record<string, unknown> | null }[]> {
    const { rows } = await this.pool.query<{ type: string; detail: Record<string, unknown> | null }>(
      'SELECT type, detail FROM order_history WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
    return rows;
  }

  /** What the order service wrote to its outbox for the order, payloads parsed. */
  async emitted(orderId: string): Promise<{ topic: string; payload: Record<string, unknown> }[]> {
    const { rows } = await this.pool.query<{ topic: string; payload: string }>(
      'SELECT topic, payload FROM outbox WHERE message_key = $1 ORDER BY id',
      [orderId],
    );
    return rows.map(({ topic, payload }) => ({
      topic,
      payload: JSON.parse(payload) as Record<string, unknown>,
    }));
  }

  async topicsOf(orderId: string): Promise<string[]> {
    return (await this.emitted(orderId)).map((row) => row.topic);
  }

  /** Moves the order's `column` (created_at, cancellation_requested_at) `seconds` into the past. */
  async backdate(orderId: string, column: 'created_at' | 'cancellation_requested_at', seconds: number) {
    await this.pool.query(
      `UPDATE orders SET ${column} = ${column} - make_interval(secs => $2) WHERE id = $1`,
      [orderId, seconds],
    );
  }

  /** When the order became terminal, to the microsecond (null while it is not). */
  async terminalAtOf(orderId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ at: string | null }>(
      'SELECT terminal_at::text AS at FROM orders WHERE id = $1',
      [orderId],
    );
    return rows[0]?.at ?? null;
  }

  /** The ids of the customer's orders, oldest first. */
  async ordersOfCustomer(customerId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM orders WHERE customer_id = $1 ORDER BY created_at, id',
      [customerId],
    );
    return rows.map((row) => row.id);
  }

  async countRows(table: 'orders' | 'order_history' | 'outbox' | 'inbox'): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    return rows[0]?.count ?? 0;
  }
}
