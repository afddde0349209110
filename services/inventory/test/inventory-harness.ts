import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { events, newEvent, type OrderLine, type SagaEvent } from '@saga-shop/contracts';
import { handleOnce } from '@saga-shop/messaging';
import { type DatabasePool, migrate } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import { onFulfilmentFailed } from '../src/application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../src/application/reactions/on-fulfilment-shipped.js';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { onOrderPlaced } from '../src/application/reactions/on-order-placed.js';
import { onPaymentDeclined } from '../src/application/reactions/on-payment-declined.js';
import { InventoryDatabase } from '../src/persistence/inventory-database.js';

export function placed(items: OrderLine[]): SagaEvent<'order.placed.v1'> {
  const data = structuredClone(events['order.placed.v1'].example);
  return newEvent('order.placed.v1', { ...data, orderId: randomUUID(), items });
}

/**
 * The inventory reactions against a migrated scratch schema (seeded catalog included), each run
 * through handleOnce in its own transaction, exactly as the consumer runs them.
 */
export class InventoryHarness {
  private constructor(
    readonly database: InventoryDatabase,
    private readonly scratch: ScratchPool,
  ) {}

  /** `poolSize` bounds connections, so concurrent reactions queue for the pool as in production. */
  static async open(poolSize = 10): Promise<InventoryHarness> {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const scratch = await createScratchPool((url, schema) => migrate(url, migrations, schema), poolSize);
    return new InventoryHarness(new InventoryDatabase(scratch.pool as DatabasePool), scratch);
  }

  async close(): Promise<void> {
    await this.database.$disconnect();
    await this.scratch.drop();
  }

  placed(event: SagaEvent<'order.placed.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderPlaced(tx, event));
  }

  declined(orderId: string, reason: 'CARD_DECLINED' | 'ORDER_CANCELLED' = 'CARD_DECLINED') {
    const event = newEvent('payment.declined.v1', { orderId, reason });
    return handleOnce(this.database.transaction, event, (tx) => onPaymentDeclined(tx, event));
  }

  failed(orderId: string) {
    const event = newEvent('fulfilment.failed.v1', { orderId, reason: 'UNSERVICEABLE_DESTINATION' });
    return handleOnce(this.database.transaction, event, (tx) => onFulfilmentFailed(tx, event));
  }

  shipped(orderId: string) {
    const event = newEvent('fulfilment.shipped.v1', {
      orderId,
      shipmentId: randomUUID(),
      trackingNumber: 'SS-TEST',
    });
    return handleOnce(this.database.transaction, event, (tx) => onFulfilmentShipped(tx, event));
  }

  cancelled(orderId: string) {
    const event = newEvent('order.cancelled.v1', {
      orderId,
      reason: 'CUSTOMER_CANCELLED',
      cancelledAt: new Date().toISOString(),
    });
    return handleOnce(this.database.transaction, event, (tx) => onOrderCancelled(tx, event));
  }

  /** A fresh product of its own, so a test's stock counts never depend on another test. */
  async stocked(available: number): Promise<string> {
    const sku = `TEST-${randomUUID().slice(0, 8).toUpperCase()}`;
    await this.database.product.create({
      data: { sku, name: 'test product', priceCents: 500, currency: 'EUR', available, reserved: 0 },
    });
    return sku;
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

  /** Products whose `reserved` differs from the sum of their LIVE reservations (should be none). */
  reservedDrift() {
    return this.database.$queryRawUnsafe<{ sku: string; reserved: number; live: number }[]>(
      `SELECT p.sku, p.reserved, COALESCE(SUM((line->>'quantity')::int), 0)::int AS live
         FROM products p
         LEFT JOIN reservations r ON r.status = 'LIVE'
         LEFT JOIN LATERAL jsonb_array_elements(r.lines) line ON line->>'sku' = p.sku
        GROUP BY p.sku, p.reserved
       HAVING p.reserved <> COALESCE(SUM((line->>'quantity')::int), 0)`,
    );
  }
}
