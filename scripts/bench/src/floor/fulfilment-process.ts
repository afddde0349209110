// The floor's fulfilment: consumes payment.captured.v1; emits fulfilment.shipped.v1 (no packing
// delay, the bench's setting) or fulfilment.failed.v1, with the rules of services/fulfilment's
// on-payment-captured.ts. Statements: the same texts as services/fulfilment's fulfilment-sql.ts.
import { randomUUID } from 'node:crypto';
import { newEvent, topics, type PricedLine, type SagaEvent } from '@saga-shop/contracts';
import type pg from 'pg';
import { runFloorProcess } from './floor-runtime.js';
import { query, statement } from './messaging-sql.js';

interface DecisionRecord {
  orderId: string;
  outcome: 'PACKING' | 'SHIPPED' | 'FAILED' | 'CANCELLED';
  reason: string | null;
}

interface ShipmentRecord {
  id: string;
  orderId: string;
  trackingNumber: string;
  country: string;
  lines: PricedLine[];
  status: 'PACKING' | 'SHIPPED' | 'CANCELLED';
  dispatchAfter: Date;
}

const lockShipments = statement(
  'shipments-lock',
  `SELECT id, order_id AS "orderId", tracking_number AS "trackingNumber", country, lines,
  status, dispatch_after AS "dispatchAfter", trace_headers AS "traceHeaders"
     FROM shipments WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);
const lockDecisions = statement(
  'decisions-lock',
  `SELECT order_id AS "orderId", outcome, reason FROM fulfilment_decisions
    WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);
const insertDecisions = statement(
  'decisions-insert',
  `INSERT INTO fulfilment_decisions (order_id, outcome, reason)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
);
const insertShipments = statement(
  'shipments-insert',
  `INSERT INTO shipments (id, order_id, tracking_number, country, lines, status, dispatch_after, trace_headers)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::jsonb[])`,
);

const unservedCountries = new Set(['AQ']);

/** Shipments first, then decisions: the order in which the services' consumer and dispatcher lock. */
async function load(client: pg.ClientBase, orderIds: string[]) {
  const ids = [[...new Set(orderIds)].sort()];
  const shipments = await query<ShipmentRecord & pg.QueryResultRow>(client, lockShipments, ids);
  const decisions = await query<DecisionRecord & pg.QueryResultRow>(client, lockDecisions, ids);
  const shipped = new Set(shipments.map((shipment) => shipment.orderId));
  // A decision to ship commits with its shipment; seen alone, a capture committed between the reads.
  if (decisions.some((d) => (d.outcome === 'PACKING' || d.outcome === 'SHIPPED') && !shipped.has(d.orderId)))
    throw new Error('shipments were written concurrently');
  return new Map(decisions.map((decision) => [decision.orderId, decision]));
}

function onPaymentCaptured(
  decisions: Map<string, DecisionRecord>,
  event: SagaEvent<'payment.captured.v1'>,
  created: { decisions: DecisionRecord[]; shipments: ShipmentRecord[] },
): SagaEvent[] {
  const { orderId, lines, shippingAddress } = event.data;
  const previous = decisions.get(orderId);
  // Packing, shipped or failed already: this order had its one answer.
  if (previous && previous.outcome !== 'CANCELLED') return [];
  const failure = previous
    ? 'ORDER_CANCELLED'
    : unservedCountries.has(shippingAddress.country)
      ? 'UNSERVICEABLE_DESTINATION'
      : undefined;
  if (failure) {
    if (!previous) {
      const decision = { orderId, outcome: 'FAILED' as const, reason: failure };
      decisions.set(orderId, decision);
      created.decisions.push(decision);
    }
    return [newEvent('fulfilment.failed.v1', { orderId, reason: failure })];
  }
  const shipmentId = randomUUID();
  const trackingNumber = `SS-${shipmentId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;
  // No packing time: the parcel leaves in this same transaction.
  const decision = { orderId, outcome: 'SHIPPED' as const, reason: null };
  decisions.set(orderId, decision);
  created.decisions.push(decision);
  const country = shippingAddress.country;
  created.shipments.push({
    id: shipmentId,
    orderId,
    trackingNumber,
    country,
    lines,
    status: 'SHIPPED',
    dispatchAfter: new Date(),
  });
  return [newEvent('fulfilment.shipped.v1', { orderId, shipmentId, trackingNumber })];
}

async function save(
  client: pg.ClientBase,
  created: { decisions: DecisionRecord[]; shipments: ShipmentRecord[] },
) {
  if (created.decisions.length > 0) {
    const inserted = await query(client, insertDecisions, [
      created.decisions.map((decision) => decision.orderId),
      created.decisions.map((decision) => decision.outcome),
      created.decisions.map((decision) => decision.reason),
    ]);
    if (inserted.length !== created.decisions.length) throw new Error('decisions were written concurrently');
  }
  if (created.shipments.length === 0) return;
  const { shipments } = created;
  await query(client, insertShipments, [
    shipments.map((shipment) => shipment.id),
    shipments.map((shipment) => shipment.orderId),
    shipments.map((shipment) => shipment.trackingNumber),
    shipments.map((shipment) => shipment.country),
    shipments.map((shipment) => JSON.stringify(shipment.lines)),
    shipments.map((shipment) => shipment.status),
    shipments.map((shipment) => shipment.dispatchAfter),
    shipments.map(() => '{}'),
  ]);
}

await runFloorProcess('fulfilment', [topics.paymentCapturedV1], () => ({
  async apply(client, events) {
    if (events.length === 0) return { emit: [] };
    const decisions = await load(
      client,
      events.map((event) => event.orderId),
    );
    const created = { decisions: [] as DecisionRecord[], shipments: [] as ShipmentRecord[] };
    const emit: SagaEvent[] = [];
    for (const event of events)
      if (event.type === 'payment.captured.v1') emit.push(...onPaymentCaptured(decisions, event, created));
    await save(client, created);
    return { emit };
  },
}));
