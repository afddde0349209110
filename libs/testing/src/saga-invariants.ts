import pg from 'pg';
import { databaseUrlFor } from './databases.js';
import type { ServiceName } from './service-process.js';
import { waitFor } from './wait-for.js';

/**
 * The invariants of ../shared/DESIGN.md, read from the four databases: every order terminal; stock
 * reserved equals the live reservations and nothing is oversold; money captured minus refunded is
 * the total of a COMPLETED order and zero otherwise; one shipment per COMPLETED order, none for a
 * CANCELLED one; no reservation left live on a finished order. Returns the violations found.
 */
export async function findSagaViolations(orderIds: string[]): Promise<string[]> {
  const [orders, payments, shipments, reservations, stock] = await Promise.all([
    query<{ id: string; status: string; total_cents: number | null }>(
      'order',
      'SELECT id, status, total_cents FROM orders WHERE id = ANY($1::uuid[])',
      [orderIds],
    ),
    query<{ order_id: string; net: string }>(
      'payment',
      'SELECT order_id, sum(amount_cents - refunded_cents) AS net FROM payments WHERE order_id = ANY($1::uuid[]) GROUP BY order_id',
      [orderIds],
    ),
    query<{ order_id: string; count: string }>(
      'fulfilment',
      'SELECT order_id, count(*) FROM shipments WHERE order_id = ANY($1::uuid[]) GROUP BY order_id',
      [orderIds],
    ),
    query<{ order_id: string }>(
      'inventory',
      `SELECT order_id FROM reservations WHERE status = 'LIVE' AND order_id = ANY($1::uuid[])`,
      [orderIds],
    ),
    query<{ sku: string; available: number; reserved: number; live: string }>(
      'inventory',
      `SELECT p.sku, p.available, p.reserved, COALESCE(l.live, 0) AS live
         FROM products p LEFT JOIN (
           SELECT line->>'sku' AS sku, sum((line->>'quantity')::int) AS live
             FROM reservations r, jsonb_array_elements(r.lines) AS line
            WHERE r.status = 'LIVE' GROUP BY 1) l ON l.sku = p.sku`,
    ),
  ]);
  const net = new Map(payments.map((row) => [row.order_id, Number(row.net)]));
  const shipped = new Map(shipments.map((row) => [row.order_id, Number(row.count)]));
  const live = new Set(reservations.map((row) => row.order_id));
  const violations: string[] = [];
  if (orders.length !== orderIds.length) violations.push(`${orderIds.length - orders.length} orders missing`);
  for (const order of orders) {
    const money = net.get(order.id) ?? 0;
    const parcels = shipped.get(order.id) ?? 0;
    if (order.status !== 'COMPLETED' && order.status !== 'CANCELLED') {
      violations.push(`order ${order.id} is not terminal (${order.status})`);
      continue;
    }
    const owed = order.status === 'COMPLETED' ? (order.total_cents ?? 0) : 0;
    if (money !== owed)
      violations.push(`order ${order.id} ${order.status}: net money ${money}, expected ${owed}`);
    const parcelsExpected = order.status === 'COMPLETED' ? 1 : 0;
    if (parcels !== parcelsExpected)
      violations.push(`order ${order.id} ${order.status}: ${parcels} shipments`);
    if (live.has(order.id)) violations.push(`order ${order.id} ${order.status}: reservation still live`);
  }
  for (const row of stock) {
    if (row.reserved !== Number(row.live))
      violations.push(`${row.sku}: reserved ${row.reserved}, live ${row.live}`);
    if (row.available < 0 || row.reserved < 0) violations.push(`${row.sku}: oversold (${row.available})`);
  }
  return violations;
}

/** Waits until compensations have settled and no invariant is violated; fails with the last list. */
export async function expectSagaInvariants(orderIds: string[], timeoutMs = 45_000): Promise<void> {
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await findSagaViolations(orderIds);
      return last.length === 0;
    },
    { timeoutMs, intervalMs: 250, what: 'saga invariants' },
  ).catch(() => {
    throw new Error(`saga invariants violated:\n  ${last.join('\n  ')}`);
  });
}

async function query<Row extends pg.QueryResultRow>(
  service: ServiceName,
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: databaseUrlFor(service) });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
