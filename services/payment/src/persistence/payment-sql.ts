import { statement, WriteConflict, type Sql } from '@saga-shop/messaging';
import type { PaymentRecord } from '../application/payment-batch.js';
import type { DeclineReason } from '../domain/payment-status.js';

// Every statement of payment's writes; arrays travel through unnest (one shape, planned once).

const paymentColumns = `id, order_id AS "orderId", status, method, requested_cents AS "requestedCents",
  amount_cents AS "amountCents", refunded_cents AS "refundedCents", currency,
  decline_reason AS "declineReason", refund_cause AS "refundCause", lines, shipping_address AS "shippingAddress",
  trace_headers AS "traceHeaders"`;

const lockPayments = statement(
  'payments-lock',
  `SELECT ${paymentColumns} FROM payments WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
);

export function lockPaymentsOf(tx: Sql, orderIds: readonly string[]): Promise<PaymentRecord[]> {
  return tx.query<PaymentRecord>(lockPayments, [[...new Set(orderIds)].sort()]);
}

const insertPayments = statement(
  'payments-insert',
  `INSERT INTO payments (id, order_id, status, method, requested_cents, currency, lines, shipping_address, trace_headers)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[])
   ON CONFLICT (order_id) DO NOTHING RETURNING id`,
);

/** The unique order_id serialises a charge claim against a concurrent cancellation's tombstone. */
export async function insertPaymentRows(tx: Sql, created: readonly PaymentRecord[]): Promise<void> {
  if (created.length === 0) return;
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const inserted = await tx.query(insertPayments, [
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
  if (inserted.length !== created.length) {
    throw new WriteConflict(`${created.length - inserted.length} payment(s) were written concurrently`);
  }
}

const updateStatuses = statement(
  'payments-update-status',
  `UPDATE payments p SET status = v.status, refund_cause = v.refund_cause, updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, status, refund_cause) WHERE p.id = v.id`,
);

export async function savePaymentStatuses(tx: Sql, changed: readonly PaymentRecord[]): Promise<void> {
  if (changed.length === 0) return;
  await tx.execute(updateStatuses, [
    changed.map((payment) => payment.id),
    changed.map((payment) => payment.status),
    changed.map((payment) => payment.refundCause),
  ]);
}

export interface ChargeOutcome {
  paymentId: string;
  captured: boolean;
  declineReason: DeclineReason | null;
}

// Conditional on PENDING: of the consumer and the reconciler settling one payment, one wins, and
// only the payments this statement changed are announced.
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

export function recordChargeOutcomes(tx: Sql, outcomes: readonly ChargeOutcome[]): Promise<PaymentRecord[]> {
  return tx.query<PaymentRecord>(recordCharges, [
    outcomes.map((outcome) => outcome.paymentId),
    outcomes.map((outcome) => outcome.captured),
    outcomes.map((outcome) => outcome.declineReason),
  ]);
}

const recordRefunds = statement(
  'payments-record-refunds',
  `UPDATE payments SET status = 'REFUNDED', refunded_cents = amount_cents, updated_at = now()
    WHERE id = ANY($1::uuid[]) AND status = 'REFUND_PENDING' RETURNING ${paymentColumns}`,
);

export function recordRefunded(tx: Sql, paymentIds: readonly string[]): Promise<PaymentRecord[]> {
  return tx.query<PaymentRecord>(recordRefunds, [paymentIds]);
}

const unsettled = statement(
  'payments-unsettled',
  `SELECT ${paymentColumns} FROM payments
    WHERE status IN ('PENDING', 'REFUND_PENDING') AND updated_at < now() - make_interval(secs => $1)
    ORDER BY updated_at LIMIT 100`,
);

/** Payments a crash (or an outage after the gateway call) left half-settled. */
export function findUnsettled(sql: Sql, olderThanSeconds: number): Promise<PaymentRecord[]> {
  return sql.query<PaymentRecord>(unsettled, [olderThanSeconds]);
}
