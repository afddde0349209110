// Inventory's statements: the same texts as services/inventory/src/persistence/inventory-sql.ts.
// Rows are locked in a fixed order (reservations by order id, then products by SKU).
import type { OrderLine, PricedLine } from '@saga-shop/contracts';
import type pg from 'pg';
import { query, statement } from './messaging-sql.js';

export type ReservationStatus = 'LIVE' | 'RELEASED' | 'SOLD' | 'REJECTED' | 'CLOSED';

export interface ReservationRecord {
  orderId: string;
  status: ReservationStatus;
  lines: (PricedLine | OrderLine)[];
  totalCents: number | null;
  currency: string | null;
}

export interface ProductRecord {
  sku: string;
  priceCents: number;
  currency: string;
  available: number;
  reserved: number;
}

const lockReservations = statement(
  'reservations-lock',
  `SELECT order_id AS "orderId", status, lines, total_cents AS "totalCents", currency
     FROM reservations WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

const lockProducts = statement(
  'products-lock',
  `SELECT sku, price_cents AS "priceCents", currency, available, reserved
     FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
);

const insertReservations = statement(
  'reservations-insert',
  `INSERT INTO reservations (order_id, status, lines, total_cents, currency)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::int[], $5::text[])
   ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
);

const updateReservations = statement(
  'reservations-update',
  `UPDATE reservations r SET status = v.status, updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS v(order_id, status) WHERE r.order_id = v.order_id`,
);

const updateProducts = statement(
  'products-update-stock',
  `UPDATE products p SET available = v.available, reserved = v.reserved, updated_at = now()
     FROM unnest($1::text[], $2::int[], $3::int[]) AS v(sku, available, reserved) WHERE p.sku = v.sku`,
);

/** The restock statement of inventory's PUT /products/{sku}/stock, with its stock-ledger entry. */
export const restockProduct = statement(
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

export function lockReservationsOf(client: pg.ClientBase, orderIds: string[]) {
  return query<ReservationRecord & pg.QueryResultRow>(client, lockReservations, [sortedUnique(orderIds)]);
}

export function lockProductsOf(client: pg.ClientBase, skus: string[]) {
  return query<ProductRecord & pg.QueryResultRow>(client, lockProducts, [sortedUnique(skus)]);
}

export async function saveInventory(
  client: pg.ClientBase,
  created: ReservationRecord[],
  changed: ReservationRecord[],
  moved: ProductRecord[],
): Promise<void> {
  if (created.length > 0) {
    const inserted = await query(client, insertReservations, [
      created.map((reservation) => reservation.orderId),
      created.map((reservation) => reservation.status),
      created.map((reservation) => JSON.stringify(reservation.lines)),
      created.map((reservation) => reservation.totalCents),
      created.map((reservation) => reservation.currency),
    ]);
    // Another writer reserved one of these orders meanwhile: roll back and decide again.
    if (inserted.length !== created.length) throw new Error('reservations were written concurrently');
  }
  if (changed.length > 0)
    await query(client, updateReservations, [
      changed.map((reservation) => reservation.orderId),
      changed.map((reservation) => reservation.status),
    ]);
  if (moved.length > 0)
    await query(client, updateProducts, [
      moved.map((product) => product.sku),
      moved.map((product) => product.available),
      moved.map((product) => product.reserved),
    ]);
}

export function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
