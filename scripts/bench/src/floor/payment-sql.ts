// Payment's statements: the same texts as services/payment/src/persistence/payment-sql.ts, and
// the simulated gateway's ledger (services/payment/src/gateway/simulated-card-gateway.ts), whose
// one-row insert per charge is made set-based here: one insert for a batch's charges.
import { randomUUID } from 'node:crypto';
import type { PricedLine, ShippingAddress } from '@saga-shop/contracts';
import type pg from 'pg';
import { query, statement } from './messaging-sql.js';

export interface PaymentRecord {
  id: string;
  orderId: string;
  status: 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUND_PENDING' | 'REFUNDED' | 'CANCELLED';
  method: string | null;
  requestedCents: number;
  amountCents: number;
  currency: string | null;
  lines: PricedLine[] | null;
  shippingAddress: ShippingAddress | null;
  traceHeaders: Record<string, string>;
}

export interface ChargeOutcome {
  paymentId: string;
  orderId: string;
  captured: boolean;
  amountCents: number;
  currency: string | null;
}

const paymentColumns = `id, order_id AS "orderId", status, method, requested_cents AS "requestedCents",
  amount_cents AS "amountCents", refunded_cents AS "refundedCents", currency,
  decline_reason AS "declineReason", refund_cause AS "refundCause", lines, shipping_address AS "shippingAddress",
  trace_headers AS "traceHeaders"`;

const lockPayments = statement(
  'payments-lock',
  `SELECT ${paymentColumns} FROM payments WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

const insertPayments = statement(
  'payments-insert',
  `INSERT INTO payments (id, order_id, status, method, requested_cents, currency, lines, shipping_address, trace_headers)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[])
   ON CONFLICT (order_id) DO NOTHING RETURNING id`,
);

const recordCharges = statement(
  'payments-record-charges',
  `UPDATE payments
      SET status = CASE WHEN v.captured THEN 'CAPTURED' ELSE 'DECLINED' END,
          amount_cents = CASE WHEN v.captured THEN requested_cents ELSE 0 END,
          decline_reason = v.reason, updated_at = now()
     FROM unnest($1::uuid[], $2::boolean[], $3::text[]) AS v(payment_id, captured, reason)
    WHERE id = v.payment_id AND status = 'PENDING'
   RETURNING ${paymentColumns}`,
);

// First writer wins, as in the gateway: a repeated key moves no more money.
const recordLedger = statement(
  'gateway-ledger-charges',
  `INSERT INTO gateway_ledger (idempotency_key, operation, order_id, amount_cents, currency, outcome, reference)
   SELECT k, 'charge', o, a, c, x, r FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[])
     AS v(k, o, a, c, x, r)
   ON CONFLICT (idempotency_key) DO NOTHING`,
);

export function lockPaymentsOf(client: pg.ClientBase, orderIds: string[]) {
  return query<PaymentRecord & pg.QueryResultRow>(client, lockPayments, [[...new Set(orderIds)].sort()]);
}

export async function insertPaymentRows(client: pg.ClientBase, created: PaymentRecord[]): Promise<void> {
  if (created.length === 0) return;
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const inserted = await query(client, insertPayments, [
    created.map((payment) => payment.id),
    created.map((payment) => payment.orderId),
    created.map((payment) => payment.status),
    created.map((payment) => payment.method),
    created.map((payment) => payment.requestedCents),
    created.map((payment) => payment.currency),
    created.map((payment) => json(payment.lines)),
    created.map((payment) => json(payment.shippingAddress)),
    created.map((payment) => JSON.stringify(payment.traceHeaders)),
  ]);
  // The unique order_id serialises a claim against a concurrent tombstone: decide again.
  if (inserted.length !== created.length) throw new Error('payments were written concurrently');
}

/** The gateway's ledger rows, then the answers on PENDING payments; returns the payments changed. */
export async function recordChargeOutcomes(client: pg.ClientBase, outcomes: ChargeOutcome[]) {
  await query(client, recordLedger, [
    outcomes.map((outcome) => outcome.paymentId),
    outcomes.map((outcome) => outcome.orderId),
    outcomes.map((outcome) => (outcome.captured ? outcome.amountCents : 0)),
    outcomes.map((outcome) => outcome.currency),
    outcomes.map((outcome) => (outcome.captured ? 'captured' : 'declined')),
    outcomes.map((outcome) => (outcome.captured ? `ch_${randomUUID()}` : null)),
  ]);
  return query<PaymentRecord & pg.QueryResultRow>(client, recordCharges, [
    outcomes.map((outcome) => outcome.paymentId),
    outcomes.map((outcome) => outcome.captured),
    outcomes.map((outcome) => (outcome.captured ? null : 'CARD_DECLINED')),
  ]);
}
