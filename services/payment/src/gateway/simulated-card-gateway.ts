import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '@saga-shop/platform';
import {
  GatewayUnavailable,
  type CardGateway,
  type ChargeRequest,
  type ChargeResult,
  type RefundRequest,
} from '../domain/card-gateway.js';
import { chargesCard, flakyFailuresPerPayment, testCards } from './test-cards.js';

// The simulated provider keeps its own ledger, in a table of its own that no service code writes:
// the record of what money really moved, which the tests hold against the payment records. Its
// table comes from a migration (20261202000200_gateway_ledger): the runtime role runs no DDL.

interface LedgerEntry {
  operation: 'charge' | 'refund' | 'void';
  outcome: 'captured' | 'declined' | 'refunded' | 'voided';
  reference: string | null;
}

/**
 * A stand-in for an external card gateway, with a durable ledger: charging, refunding or voiding
 * a key twice returns the first answer and moves no more money, across restarts too.
 */
@Injectable()
export class SimulatedCardGateway implements CardGateway {
  // The provider's own flakiness, per key; forgetting it on restart only means failing again.
  private readonly unavailableCalls = new Map<string, number>();

  constructor(private readonly pool: DatabasePool) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const known = await this.entry(request.idempotencyKey);
    if (known) return known.operation === 'void' ? { outcome: 'declined' } : chargeResultOf(known);
    if (request.method === testCards.flaky) this.failWhileFlaky(request);
    const captured = chargesCard(request.method);
    const entry = await this.record(request.idempotencyKey, {
      operation: 'charge',
      orderId: request.orderId,
      amountCents: captured ? request.amountCents : 0,
      currency: request.currency,
      outcome: captured ? 'captured' : 'declined',
      reference: captured ? `ch_${randomUUID()}` : null,
    });
    return entry.operation === 'void' ? { outcome: 'declined' } : chargeResultOf(entry);
  }

  async refund(request: RefundRequest): Promise<{ refundReference: string }> {
    const entry = await this.record(request.idempotencyKey, {
      operation: 'refund',
      orderId: request.orderId,
      amountCents: request.amountCents,
      currency: request.currency,
      outcome: 'refunded',
      reference: `re_${randomUUID()}`,
    });
    return { refundReference: entry.reference ?? '' };
  }

  async void(request: { idempotencyKey: string; orderId: string }) {
    const entry = await this.record(request.idempotencyKey, {
      operation: 'void',
      orderId: request.orderId,
      amountCents: 0,
      currency: null,
      outcome: 'voided',
      reference: null,
    });
    return entry.operation === 'void' ? ({ outcome: 'voided' } as const) : chargeResultOf(entry);
  }

  private async entry(key: string): Promise<LedgerEntry | undefined> {
    const { rows } = await this.pool.query<LedgerEntry>(
      'SELECT operation, outcome, reference FROM gateway_ledger WHERE idempotency_key = $1',
      [key],
    );
    return rows[0];
  }

  /** First writer wins: a concurrent or repeated call gets the entry already there. */
  private async record(
    key: string,
    entry: LedgerEntry & { orderId: string; amountCents: number; currency: string | null },
  ): Promise<LedgerEntry> {
    const { rows } = await this.pool.query<LedgerEntry>(
      `INSERT INTO gateway_ledger (idempotency_key, operation, order_id, amount_cents, currency, outcome, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING operation, outcome, reference`,
      [
        key,
        entry.operation,
        entry.orderId,
        entry.amountCents,
        entry.currency,
        entry.outcome,
        entry.reference,
      ],
    );
    const recorded = rows[0] ?? (await this.entry(key));
    if (!recorded) throw new Error(`gateway ledger lost the entry for ${key}`);
    return recorded;
  }

  private failWhileFlaky(request: ChargeRequest): void {
    const failures = this.unavailableCalls.get(request.idempotencyKey) ?? 0;
    if (failures >= flakyFailuresPerPayment) return;
    this.unavailableCalls.set(request.idempotencyKey, failures + 1);
    throw new GatewayUnavailable(request.orderId);
  }
}

function chargeResultOf(entry: LedgerEntry): ChargeResult {
  return entry.outcome === 'captured'
    ? { outcome: 'captured', gatewayReference: entry.reference ?? '' }
    : { outcome: 'declined' };
}
