import { statement, WriteConflict, type Sql } from '@saga-shop/messaging';
import type { ProductRecord, ReservationRecord } from '../application/inventory-batch.js';

// Every statement of inventory's writes. Arrays travel through unnest, so each has one shape
// whatever the batch size, and PostgreSQL plans it once per connection. Rows are always locked in
// the same order (reservations by order id, then products by SKU), so transactions never deadlock.

const lockReservations = statement(
  'reservations-lock',
  `SELECT order_id AS "orderId", status, lines, total_cents AS "totalCents", currency
     FROM reservations WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

export function lockReservationsOf(tx: Sql, orderIds: readonly string[]): Promise<ReservationRecord[]> {
  return tx.query<ReservationRecord>(lockReservations, [[...new Set(orderIds)].sort()]);
}

const lockProducts = statement(
  'products-lock',
  `SELECT sku, price_cents AS "priceCents", currency, available, reserved
     FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
);

/** Unknown SKUs are simply absent from the result. */
export function lockProductsOf(tx: Sql, skus: readonly string[]): Promise<ProductRecord[]> {
  return tx.query<ProductRecord>(lockProducts, [[...new Set(skus)].sort()]);
}

const insertNewReservations = statement(
  'reservations-insert',
  `INSERT INTO reservations (order_id, status, lines, total_cents, currency)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::int[], $5::text[])
   ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
);

/**
 * The batch decided on orders that had no reservation when it locked; if a concurrent batch
 * inserted one meanwhile, this one lost the race and decides again (WriteConflict is retried).
 */
export async function insertReservations(tx: Sql, created: readonly ReservationRecord[]): Promise<void> {
  if (created.length === 0) return;
  const inserted = await tx.query(insertNewReservations, [
    created.map((reservation) => reservation.orderId),
    created.map((reservation) => reservation.status),
    created.map((reservation) => JSON.stringify(reservation.lines)),
    created.map((reservation) => reservation.totalCents),
    created.map((reservation) => reservation.currency),
  ]);
  if (inserted.length !== created.length) {
    throw new WriteConflict(`${created.length - inserted.length} reservation(s) were written concurrently`);
  }
}

const updateReservations = statement(
  'reservations-update',
  `UPDATE reservations r SET status = v.status, updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS v(order_id, status) WHERE r.order_id = v.order_id`,
);

export async function saveReservationStatuses(tx: Sql, changed: readonly ReservationRecord[]): Promise<void> {
  if (changed.length === 0) return;
  await tx.execute(updateReservations, [
    changed.map((reservation) => reservation.orderId),
    changed.map((reservation) => reservation.status),
  ]);
}

const updateProducts = statement(
  'products-update-stock',
  `UPDATE products p SET available = v.available, reserved = v.reserved, updated_at = now()
     FROM unnest($1::text[], $2::int[], $3::int[]) AS v(sku, available, reserved) WHERE p.sku = v.sku`,
);

export async function saveStock(tx: Sql, products: readonly ProductRecord[]): Promise<void> {
  if (products.length === 0) return;
  await tx.execute(updateProducts, [
    products.map((product) => product.sku),
    products.map((product) => product.available),
    products.map((product) => product.reserved),
  ]);
}

export interface ProductRow {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  available: number;
  reserved: number;
}

// The new count, and the difference it makes in the stock ledger (what the conservation invariant
// adds up), in one statement; the row lock makes a concurrent reservation wait or go first.
const restock = statement(
  'products-restock',
  `WITH before AS (SELECT sku, available FROM products WHERE sku = $1 FOR UPDATE),
        counted AS (
          UPDATE products p SET available = $2, updated_at = now() FROM before WHERE p.sku = before.sku
          RETURNING p.sku, p.name, p.price_cents AS "priceCents", p.currency, p.available, p.reserved,
                    p.available - before.available AS delta),
        ledger AS (
          INSERT INTO stock_adjustments (sku, delta, reason)
          SELECT sku, delta, 'RESTOCK' FROM counted WHERE delta <> 0)
   SELECT sku, name, "priceCents", currency, available, reserved FROM counted`,
);

export async function setAvailable(tx: Sql, sku: string, available: number): Promise<ProductRow | undefined> {
  const [product] = await tx.query<ProductRow>(restock, [sku, available]);
  return product;
}
