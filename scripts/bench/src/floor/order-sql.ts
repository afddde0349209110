// The order service's statements: the same texts as services/order/src/persistence/order-sql.ts.
import type pg from 'pg';
import { query, statement } from './messaging-sql.js';

export type OrderStatus = 'PENDING' | 'RESERVED' | 'PAID' | 'COMPLETED' | 'CANCELLED';

export interface OrderRecord {
  id: string;
  status: OrderStatus;
  reason: string | null;
  totalCents: number | null;
  currency: string | null;
  createdAt: Date;
  terminalAt: Date | null;
  updatedAt: Date;
}

export interface HistoryEntry {
  orderId: string;
  at: Date;
  type: string;
  detail: Record<string, unknown>;
}

const orderColumns = `id, status, reason, cancellation_requested AS "cancellationRequested",
  total_cents AS "totalCents", currency, created_at AS "createdAt", terminal_at AS "terminalAt",
  updated_at AS "updatedAt"`;

const lockOrders = statement(
  'orders-lock',
  `SELECT ${orderColumns} FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
);

const updateOrders = statement(
  'orders-update',
  `UPDATE orders o SET status = v.status, reason = v.reason, total_cents = v.total_cents,
          currency = v.currency, terminal_at = v.terminal_at, updated_at = v.updated_at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       AS v(id, status, reason, total_cents, currency, terminal_at, updated_at)
    WHERE o.id = v.id`,
);

const insertHistory = statement(
  'order-history-insert',
  `INSERT INTO order_history (order_id, at, type, detail)
   SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[])`,
);

// The order and its first history entry in one round trip.
const insertOrder = statement(
  'orders-insert',
  `WITH placed AS (
     INSERT INTO orders (id, customer_id, status, items, payment_method, shipping_address,
                         idempotency_key, request_fingerprint, trace_headers, created_at, updated_at)
     VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id)
   INSERT INTO order_history (order_id, at, type, detail)
   SELECT id, $9, 'OrderPlaced', '{"status":"PENDING"}'::jsonb FROM placed`,
);

export const byIdempotencyKey = statement(
  'orders-by-idempotency-key',
  `SELECT id, status, request_fingerprint AS "requestFingerprint" FROM orders WHERE idempotency_key = $1`,
);

export function lockOrdersOf(client: pg.ClientBase, orderIds: string[]) {
  return query<OrderRecord & pg.QueryResultRow>(client, lockOrders, [[...new Set(orderIds)].sort()]);
}

export async function saveProgress(client: pg.ClientBase, orders: OrderRecord[], history: HistoryEntry[]) {
  if (orders.length > 0)
    await query(client, updateOrders, [
      orders.map((order) => order.id),
      orders.map((order) => order.status),
      orders.map((order) => order.reason),
      orders.map((order) => order.totalCents),
      orders.map((order) => order.currency),
      orders.map((order) => order.terminalAt),
      orders.map((order) => order.updatedAt),
    ]);
  if (history.length > 0)
    await query(client, insertHistory, [
      history.map((entry) => entry.orderId),
      history.map((entry) => entry.at),
      history.map((entry) => entry.type),
      history.map((entry) => JSON.stringify(entry.detail)),
    ]);
}

export interface NewOrder {
  id: string;
  customerId: string;
  items: unknown;
  paymentMethod: string;
  shippingAddress: unknown;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  placedAt: Date;
}

export async function insertNewOrder(client: pg.ClientBase, order: NewOrder): Promise<void> {
  await query(client, insertOrder, [
    order.id,
    order.customerId,
    JSON.stringify(order.items),
    order.paymentMethod,
    JSON.stringify(order.shippingAddress),
    order.idempotencyKey,
    order.requestFingerprint,
    // No tracing: the trace context the service stores is empty here.
    '{}',
    order.placedAt,
  ]);
}
