import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { events, newEvent, type AnySagaEvent, type OrderLine, type SagaEvent } from '@saga-shop/contracts';
import { applyBatch, handleBatchOnce, TransactionRunner, type SagaBatchHandler } from '@saga-shop/messaging';
import { type DatabasePool, migrate, sagaServiceMigrations } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import type { InventoryBatch } from '../src/application/inventory-batch.js';
import { onFulfilmentFailed } from '../src/application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../src/application/reactions/on-fulfilment-shipped.js';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { onOrderPlaced } from '../src/application/reactions/on-order-placed.js';
import { onPaymentDeclined } from '../src/application/reactions/on-payment-declined.js';
import { restock } from '../src/application/restock.js';
import { InventoryDatabase } from '../src/persistence/inventory-database.js';
import { InventoryWorkingSet } from '../src/persistence/inventory-working-set.js';

export function placed(items: OrderLine[]): SagaEvent<'order.placed.v1'> {
  const data = structuredClone(events['order.placed.v1'].example);
  return newEvent('order.placed.v1', { ...data, orderId: randomUUID(), items });
}

export function declined(orderId: string, reason: 'CARD_DECLINED' | 'ORDER_CANCELLED' = 'CARD_DECLINED') {
  return newEvent('payment.declined.v1', { orderId, reason });
}

export function fulfilmentFailed(orderId: string) {
  return newEvent('fulfilment.failed.v1', { orderId, reason: 'UNSERVICEABLE_DESTINATION' });
}

export function shipped(orderId: string) {
  return newEvent('fulfilment.shipped.v1', { orderId, shipmentId: randomUUID(), trackingNumber: 'SS-TEST' });
}

export function cancelled(orderId: string) {
  return newEvent('order.cancelled.v1', {
    orderId,
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: new Date().toISOString(),
  });
}

/** What the Nest consumer's @SagaReaction methods do: one reaction per event type. */
function react(event: AnySagaEvent, batch: InventoryBatch): SagaEvent[] {
  switch (event.type) {
    case 'order.placed.v1':
      return onOrderPlaced(batch, event);
    case 'payment.declined.v1':
      return onPaymentDeclined(batch, event);
    case 'fulfilment.failed.v1':
      return onFulfilmentFailed(batch, event);
    case 'fulfilment.shipped.v1':
      return onFulfilmentShipped(batch, event);
    case 'order.cancelled.v1':
      return onOrderCancelled(batch, event);
    default:
      throw new Error(`inventory does not consume ${event.type}`);
  }
}

// Per SKU: the stock ledger's sum, the counters, and what LIVE and SOLD reservations hold.
const stockBySku = `
  WITH held AS (
    SELECT line->>'sku' AS sku,
           COALESCE(SUM((line->>'quantity')::int) FILTER (WHERE r.status = 'LIVE'), 0)::int AS live,
           COALESCE(SUM((line->>'quantity')::int) FILTER (WHERE r.status = 'SOLD'), 0)::int AS sold
      FROM reservations r, jsonb_array_elements(r.lines) AS line
     WHERE r.status IN ('LIVE', 'SOLD') GROUP BY 1),
  ledger AS (SELECT sku, SUM(delta)::int AS ledger FROM stock_adjustments GROUP BY sku)
  SELECT p.sku, COALESCE(l.ledger, 0) AS ledger, p.available, p.reserved,
         COALESCE(h.live, 0) AS live, COALESCE(h.sold, 0) AS sold
    FROM products p LEFT JOIN ledger l USING (sku) LEFT JOIN held h USING (sku)`;

interface StockLine {
  sku: string;
  ledger: number;
  available: number;
  reserved: number;
  live: number;
  sold: number;
}

/**
 * The inventory reactions against a migrated scratch schema (seeded catalog included), with the
 * pieces the Nest consumer wires: a TransactionRunner, the InventoryWorkingSet and the reactions.
 * `handle` runs one batch through handleBatchOnce, exactly as the consumer commits a fetch.
 */
export class InventoryHarness {
  readonly runner: TransactionRunner;
  private readonly handler: SagaBatchHandler;

  private constructor(
    readonly database: InventoryDatabase,
    private readonly scratch: ScratchPool,
  ) {
    this.runner = new TransactionRunner({ pool: scratch.pool });
    const workingSet = new InventoryWorkingSet();
    this.handler = { apply: (tx, consumed) => applyBatch(tx, consumed, workingSet, react) };
  }

  /** `poolSize` bounds connections, so concurrent batches queue for the pool as in production. */
  static async open(poolSize = 10): Promise<InventoryHarness> {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const scratch = await createScratchPool(
      (url, schema) => migrate(url, sagaServiceMigrations(migrations), schema),
      poolSize,
    );
    return new InventoryHarness(new InventoryDatabase(scratch.pool as DatabasePool), scratch);
  }

  get pool() {
    return this.scratch.pool;
  }

  async close(): Promise<void> {
    await this.database.$disconnect();
    await this.scratch.drop();
  }

  /** One batch, in this order, in one transaction: how many were applied and how many skipped. */
  handle(...batch: AnySagaEvent[]) {
    return handleBatchOnce(this.runner, this.handler, batch);
  }

  /** A fresh product of its own, seeded in the ledger, so a test never depends on another. */
  async stocked(available: number): Promise<string> {
    const sku = `TEST-${randomUUID().slice(0, 8).toUpperCase()}`;
    await this.pool.query(
      `WITH product AS (
         INSERT INTO products (sku, name, price_cents, currency, available, reserved)
         VALUES ($1, 'test product', 500, 'EUR', $2, 0) RETURNING sku, available)
       INSERT INTO stock_adjustments (sku, delta, reason) SELECT sku, available, 'SEED' FROM product`,
      [sku, available],
    );
    return sku;
  }

  /** PUT /products/{sku}/stock without HTTP. */
  restock(sku: string, available: number) {
    return restock(this.runner, sku, available);
  }

  async stockOf(sku: string) {
    const { available, reserved } = await this.database.product.findUniqueOrThrow({ where: { sku } });
    return { available, reserved };
  }

  /** The order's reservation status and what inventory emitted for it, payloads included. */
  async outcome(orderId: string) {
    const reservation = await this.database.reservation.findUnique({ where: { orderId } });
    const outbox = await this.database.outbox.findMany({
      where: { messageKey: orderId },
      orderBy: { id: 'asc' },
    });
    return {
      status: reservation?.status,
      emitted: outbox.map((row) => ({ topic: row.topic, payload: JSON.parse(row.payload) as unknown })),
    };
  }

  async statusesOf(orderIds: readonly string[]): Promise<(string | undefined)[]> {
    const rows = await this.database.reservation.findMany({ where: { orderId: { in: [...orderIds] } } });
    const byOrder = new Map(rows.map((row) => [row.orderId, row.status]));
    return orderIds.map((orderId) => byOrder.get(orderId));
  }

  /** One SKU's ledger sum beside what it should add up to: available + LIVE + SOLD. */
  async ledgerOf(sku: string): Promise<Omit<StockLine, 'sku'>> {
    const { rows } = await this.pool.query<StockLine>(`${stockBySku} WHERE p.sku = $1`, [sku]);
    const [line] = rows;
    if (!line) throw new Error(`no product ${sku}`);
    const { ledger, available, reserved, live, sold } = line;
    return { ledger, available, reserved, live, sold };
  }

  /** Products breaking reserved == LIVE, or ledger == available + LIVE + SOLD (should be none). */
  async stockDrift(): Promise<StockLine[]> {
    const { rows } = await this.pool.query<StockLine>(
      `${stockBySku} WHERE p.reserved <> COALESCE(h.live, 0)
          OR COALESCE(l.ledger, 0) <> p.available + COALESCE(h.live, 0) + COALESCE(h.sold, 0)`,
    );
    return rows;
  }
}
