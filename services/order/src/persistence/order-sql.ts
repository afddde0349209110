import type { OrderLine, ShippingAddress } from '@saga-shop/contracts';
import { statement, type Sql } from '@saga-shop/messaging';
import type { HistoryEntry, OrderRecord } from '../application/order-batch.js';
import type { CancellationRequest, OrderStatus } from '../domain/order-status.js';

// Every statement of the order service's writes. Arrays travel through unnest, so each has one
// shape whatever the batch size, and PostgreSQL plans it once per connection.

const orderColumns = `id, status, reason, cancellation_requested AS "cancellationRequested",
  total_cents AS "totalCents", currency, created_at AS "createdAt", terminal_at AS "terminalAt",
  updated_at AS "updatedAt"`;

const lockOrders = statement(
  'orders-lock',
  `SELECT ${orderColumns} FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
);

/** Locks the orders a batch's events name, in id order (so two batches never deadlock). */
export async function lockOrdersOf(tx: Sql, orderIds: readonly string[]): Promise<OrderRecord[]> {
  return tx.query<OrderRecord>(lockOrders, [[...new Set(orderIds)].sort()]);
}

const updateOrders = statement(
  'orders-update',
  `UPDATE orders o SET status = v.status, reason = v.reason, total_cents = v.total_cents,
          currency = v.currency, terminal_at = v.terminal_at, updated_at = v.updated_at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       AS v(id, status, reason, total_cents, currency, terminal_at, updated_at)
    WHERE o.id = v.id`,
);

export async function saveOrders(tx: Sql, orders: readonly OrderRecord[]): Promise<void> {
  if (orders.length === 0) return;
  await tx.execute(updateOrders, [
    orders.map((order) => order.id),
    orders.map((order) => order.status),
    orders.map((order) => order.reason),
    orders.map((order) => order.totalCents),
    orders.map((order) => order.currency),
    orders.map((order) => order.terminalAt),
    orders.map((order) => order.updatedAt),
  ]);
}

const insertHistory = statement(
  'order-history-insert',
  `INSERT INTO order_history (order_id, at, type, detail)
   SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[])`,
);

export async function appendHistory(tx: Sql, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(insertHistory, [
    entries.map((entry) => entry.orderId),
    entries.map((entry) => entry.at),
    entries.map((entry) => entry.type),
    entries.map((entry) => (entry.detail === null ? null : JSON.stringify(entry.detail))),
  ]);
}

export interface NewOrder {
  id: string;
  customerId: string;
  items: OrderLine[];
  paymentMethod: string;
  shippingAddress: ShippingAddress;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  traceHeaders: Record<string, string>;
  placedAt: Date;
}

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

export async function insertNewOrder(tx: Sql, order: NewOrder): Promise<void> {
  await tx.execute(insertOrder, [
    order.id,
    order.customerId,
    JSON.stringify(order.items),
    order.paymentMethod,
    JSON.stringify(order.shippingAddress),
    order.idempotencyKey,
    order.requestFingerprint,
    JSON.stringify(order.traceHeaders),
    order.placedAt,
  ]);
}

const byIdempotencyKey = statement(
  'orders-by-idempotency-key',
  `SELECT id, status, request_fingerprint AS "requestFingerprint"
     FROM orders WHERE customer_id = $1 AND idempotency_key = $2`,
);

/** Keys are scoped per customer: another customer's key finds nothing. */
export async function findByIdempotencyKey(sql: Sql, customerId: string, key: string) {
  const [order] = await sql.query<{ id: string; status: OrderStatus; requestFingerprint: string | null }>(
    byIdempotencyKey,
    [customerId, key],
  );
  return order;
}

export interface CancellableOrder {
  customerId: string;
  status: OrderStatus;
  cancellationRequested: CancellationRequest | null;
  traceHeaders: Record<string, string>;
}

const lockForCancellation = statement(
  'orders-lock-for-cancellation',
  `SELECT customer_id AS "customerId", status, cancellation_requested AS "cancellationRequested",
          trace_headers AS "traceHeaders"
     FROM orders WHERE id = $1 FOR UPDATE`,
);

export async function lockForCancel(tx: Sql, orderId: string): Promise<CancellableOrder | undefined> {
  const [order] = await tx.query<CancellableOrder>(lockForCancellation, [orderId]);
  return order;
}

// The request and its history entry in one round trip; `type` says whether it is a resend.
const markCancellation = statement(
  'orders-mark-cancellation',
  `WITH marked AS (
     UPDATE orders SET cancellation_requested = $2, cancellation_requested_at = $3, updated_at = $3
      WHERE id = $1 RETURNING id)
   INSERT INTO order_history (order_id, at, type, detail)
   SELECT id, $3, $4, jsonb_build_object('reason', $2::text) FROM marked`,
);

export async function markCancellationRequested(
  tx: Sql,
  orderId: string,
  reason: CancellationRequest,
  at: Date,
  entryType: 'CancellationRequested' | 'CancellationResent',
): Promise<void> {
  await tx.execute(markCancellation, [orderId, reason, at, entryType]);
}

const overdue = statement(
  'orders-overdue',
  `SELECT id FROM orders
    WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND cancellation_requested IS NULL
      AND created_at < now() - make_interval(secs => $1)
    ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
);

/** Open orders older than the saga timeout that nobody asked to cancel yet (locked). */
export async function lockOverdueOrders(tx: Sql, timeoutSeconds: number): Promise<string[]> {
  return (await tx.query<{ id: string }>(overdue, [timeoutSeconds])).map((row) => row.id);
}

const unanswered = statement(
  'orders-unanswered-cancellations',
  `SELECT id, cancellation_requested AS "reason" FROM orders
    WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND cancellation_requested IS NOT NULL
      AND cancellation_requested_at < now() - make_interval(secs => $1)
    ORDER BY cancellation_requested_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
);

/** Orders whose cancellation was announced longer than `seconds` ago and never answered (locked). */
export async function lockUnansweredCancellations(tx: Sql, seconds: number) {
  return tx.query<{ id: string; reason: CancellationRequest }>(unanswered, [seconds]);
}

const openOrders = statement(
  'orders-open-count',
  `SELECT count(*)::int AS open FROM orders WHERE status NOT IN ('COMPLETED', 'CANCELLED')`,
);

/** Orders the saga has not finished: the load-shedding signal (the partial index keeps it cheap). */
export async function countOpenOrders(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ open: number }>(openOrders);
  return row?.open ?? 0;
}
