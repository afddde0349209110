import pg from 'pg';
import { databaseUrlFor } from './databases.js';
import type { ServiceName } from './service-process.js';
import { waitFor } from './wait-for.js';

/**
 * The invariants of ../shared/DESIGN.md, read from the four databases and the simulated card
 * gateway's own ledger: every order terminal; stock reserved equals the live reservations, and
 * per SKU everything that entered the stock (seed and restocks) is available, reserved or sold;
 * money captured minus refunded is the total of a COMPLETED order and zero otherwise, in the
 * payment records and in the gateway's ledger alike, with no payment left half-settled; exactly
 * one shipment SHIPPED per COMPLETED order and none for a CANCELLED one (shipment rows are never
 * deleted); no reservation left live on a finished order. Returns the violations found.
 */
export async function findSagaViolations(orderIds: string[]): Promise<string[]> {
  const [orders, payments, ledger, shipments, reservations, stock] = await Promise.all([
    query<{ id: string; status: string; total_cents: number | null }>(
      'order',
      'SELECT id, status, total_cents FROM orders WHERE id = ANY($1::uuid[])',
      [orderIds],
    ),
    query<{ order_id: string; net: string; unsettled: string }>(
      'payment',
      `SELECT order_id, sum(amount_cents - refunded_cents) AS net,
              count(*) FILTER (WHERE status IN ('PENDING', 'REFUND_PENDING')) AS unsettled
         FROM payments WHERE order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [orderIds],
    ),
    query<{ order_id: string; net: string }>(
      'payment',
      `SELECT order_id, sum(CASE outcome WHEN 'captured' THEN amount_cents WHEN 'refunded' THEN -amount_cents ELSE 0 END) AS net
         FROM gateway_ledger WHERE order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [orderIds],
    ),
    query<{ order_id: string; shipped: string }>(
      'fulfilment',
      `SELECT order_id, count(*) FILTER (WHERE status = 'SHIPPED') AS shipped
         FROM shipments WHERE order_id = ANY($1::uuid[]) GROUP BY order_id`,
      [orderIds],
    ),
    query<{ order_id: string }>(
      'inventory',
      `SELECT order_id FROM reservations WHERE status = 'LIVE' AND order_id = ANY($1::uuid[])`,
      [orderIds],
    ),
    query<{ sku: string; available: number; reserved: number; live: string; sold: string; received: string }>(
      'inventory',
      `SELECT p.sku, p.available, p.reserved, COALESCE(l.live, 0) AS live, COALESCE(l.sold, 0) AS sold,
              COALESCE(a.received, 0) AS received
         FROM products p
         LEFT JOIN (
           SELECT line->>'sku' AS sku,
                  sum((line->>'quantity')::int) FILTER (WHERE r.status = 'LIVE') AS live,
                  sum((line->>'quantity')::int) FILTER (WHERE r.status = 'SOLD') AS sold
             FROM reservations r, jsonb_array_elements(r.lines) AS line GROUP BY 1) l ON l.sku = p.sku
         LEFT JOIN (SELECT sku, sum(delta) AS received FROM stock_adjustments GROUP BY sku) a ON a.sku = p.sku`,
    ),
  ]);
  const net = new Map(payments.map((row) => [row.order_id, Number(row.net)]));
  const unsettled = new Set(payments.filter((row) => Number(row.unsettled) > 0).map((row) => row.order_id));
  const charged = new Map(ledger.map((row) => [row.order_id, Number(row.net)]));
  const shipped = new Map(shipments.map((row) => [row.order_id, Number(row.shipped)]));
  const live = new Set(reservations.map((row) => row.order_id));
  const violations: string[] = [];
  if (orders.length !== orderIds.length) violations.push(`${orderIds.length - orders.length} orders missing`);
  for (const order of orders) {
    if (order.status !== 'COMPLETED' && order.status !== 'CANCELLED') {
      violations.push(`order ${order.id} is not terminal (${order.status})`);
      continue;
    }
    const owed = order.status === 'COMPLETED' ? (order.total_cents ?? 0) : 0;
    const money = net.get(order.id) ?? 0;
    if (money !== owed)
      violations.push(`order ${order.id} ${order.status}: net money ${money}, expected ${owed}`);
    const atGateway = charged.get(order.id) ?? 0;
    if (atGateway !== money)
      violations.push(`order ${order.id}: the gateway holds ${atGateway}, the payment records ${money}`);
    if (unsettled.has(order.id)) violations.push(`order ${order.id} ${order.status}: payment left pending`);
    const parcels = shipped.get(order.id) ?? 0;
    const parcelsExpected = order.status === 'COMPLETED' ? 1 : 0;
    if (parcels !== parcelsExpected) violations.push(`order ${order.id} ${order.status}: ${parcels} shipped`);
    if (live.has(order.id)) violations.push(`order ${order.id} ${order.status}: reservation still live`);
  }
  for (const row of stock) {
    if (row.reserved !== Number(row.live))
      violations.push(`${row.sku}: reserved ${row.reserved}, live ${row.live}`);
    const accounted = row.available + Number(row.live) + Number(row.sold);
    if (accounted !== Number(row.received)) {
      violations.push(
        `${row.sku}: ${row.received} received, but ${row.available} available + ${row.live} reserved + ${row.sold} sold = ${accounted}`,
      );
    }
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
