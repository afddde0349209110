import { statement, WriteConflict, type Sql } from '@saga-shop/messaging';
import type { DecisionRecord, ShipmentRecord } from '../application/fulfilment-batch.js';

// Every statement of fulfilment's writes; arrays travel through unnest (one shape, planned once).
// Shipments are locked before decisions, by the consumer and the packing dispatcher alike, so a
// dispatch and a cancellation of one order serialise on the shipment row and never deadlock.

const shipmentColumns = `id, order_id AS "orderId", tracking_number AS "trackingNumber", country, lines,
  status, dispatch_after AS "dispatchAfter", trace_headers AS "traceHeaders"`;

const lockShipments = statement(
  'shipments-lock',
  `SELECT ${shipmentColumns} FROM shipments WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

export function lockShipmentsOf(tx: Sql, orderIds: readonly string[]): Promise<ShipmentRecord[]> {
  return tx.query<ShipmentRecord>(lockShipments, [[...new Set(orderIds)].sort()]);
}

const lockDecisions = statement(
  'decisions-lock',
  `SELECT order_id AS "orderId", outcome, reason FROM fulfilment_decisions
    WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

export function lockDecisionsOf(tx: Sql, orderIds: readonly string[]): Promise<DecisionRecord[]> {
  return tx.query<DecisionRecord>(lockDecisions, [[...new Set(orderIds)].sort()]);
}

const insertDecisions = statement(
  'decisions-insert',
  `INSERT INTO fulfilment_decisions (order_id, outcome, reason)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
);

/** A concurrent batch decided one of these orders first: this one decides again (WriteConflict). */
export async function insertDecisionRows(tx: Sql, decisions: readonly DecisionRecord[]): Promise<void> {
  if (decisions.length === 0) return;
  const inserted = await tx.query(insertDecisions, [
    decisions.map((decision) => decision.orderId),
    decisions.map((decision) => decision.outcome),
    decisions.map((decision) => decision.reason),
  ]);
  if (inserted.length !== decisions.length) {
    throw new WriteConflict(`${decisions.length - inserted.length} decision(s) were written concurrently`);
  }
}

const updateDecisions = statement(
  'decisions-update',
  `UPDATE fulfilment_decisions d SET outcome = v.outcome, reason = v.reason, decided_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(order_id, outcome, reason) WHERE d.order_id = v.order_id`,
);

export async function saveDecisions(tx: Sql, decisions: readonly DecisionRecord[]): Promise<void> {
  if (decisions.length === 0) return;
  await tx.execute(updateDecisions, [
    decisions.map((decision) => decision.orderId),
    decisions.map((decision) => decision.outcome),
    decisions.map((decision) => decision.reason),
  ]);
}

const insertShipments = statement(
  'shipments-insert',
  `INSERT INTO shipments (id, order_id, tracking_number, country, lines, status, dispatch_after, trace_headers)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::jsonb[])`,
);

export async function insertShipmentRows(tx: Sql, shipments: readonly ShipmentRecord[]): Promise<void> {
  if (shipments.length === 0) return;
  await tx.execute(insertShipments, [
    shipments.map((shipment) => shipment.id),
    shipments.map((shipment) => shipment.orderId),
    shipments.map((shipment) => shipment.trackingNumber),
    shipments.map((shipment) => shipment.country),
    shipments.map((shipment) => JSON.stringify(shipment.lines)),
    shipments.map((shipment) => shipment.status),
    shipments.map((shipment) => shipment.dispatchAfter),
    shipments.map((shipment) => JSON.stringify(shipment.traceHeaders)),
  ]);
}

// The rows are locked since the batch loaded them, so the status the reaction saw still holds.
const updateShipments = statement(
  'shipments-update-status',
  `UPDATE shipments s SET status = v.status
     FROM unnest($1::uuid[], $2::text[]) AS v(id, status) WHERE s.id = v.id`,
);

export async function saveShipmentStatuses(tx: Sql, shipments: readonly ShipmentRecord[]): Promise<void> {
  if (shipments.length === 0) return;
  await tx.execute(updateShipments, [
    shipments.map((shipment) => shipment.id),
    shipments.map((shipment) => shipment.status),
  ]);
}

const dueShipments = statement(
  'shipments-due',
  `SELECT ${shipmentColumns} FROM shipments
    WHERE status = 'PACKING' AND dispatch_after <= now()
    ORDER BY dispatch_after LIMIT 100 FOR UPDATE SKIP LOCKED`,
);

/** Packed shipments whose time has come, locked (one a cancellation holds is skipped). */
export function lockDueShipments(tx: Sql): Promise<ShipmentRecord[]> {
  return tx.query<ShipmentRecord>(dueShipments);
}
