import { context } from '@opentelemetry/api';
import { Inject, Injectable } from '@nestjs/common';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { contextFromHeaders } from '@saga-shop/messaging';
import { SagaTransactions } from '@saga-shop/platform';
import {
  CARD_GATEWAY,
  GatewayUnavailable,
  type CardGateway,
  type ChargeResult,
} from '../domain/card-gateway.js';
import { PAYMENT_CONFIG, type PaymentConfig } from '../payment-config.js';
import { recordChargeOutcomes, recordRefunded, type ChargeOutcome } from '../persistence/payment-sql.js';
import type { PaymentRecord } from './payment-batch.js';

/**
 * The second half of a payment, outside any transaction: call the gateway for each PENDING charge
 * and REFUND_PENDING refund (idempotent by payment id, so a repeat after a crash moves no money
 * twice), then record the answers and announce them in one transaction. Run right after the
 * batch that claimed them, and by the reconciler for whatever a crash left behind.
 */
@Injectable()
export class PaymentSettlement {
  constructor(
    @Inject(CARD_GATEWAY) private readonly gateway: CardGateway,
    private readonly transactions: SagaTransactions,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
  ) {}

  async settle(payments: readonly PaymentRecord[]): Promise<void> {
    const charges = payments.filter((payment) => payment.status === 'PENDING');
    const refunds = payments.filter((payment) => payment.status === 'REFUND_PENDING');
    if (charges.length === 0 && refunds.length === 0) return;
    const outcomes = await Promise.all(charges.map((payment) => this.charge(payment)));
    await Promise.all(refunds.map((payment) => this.refund(payment)));
    // In payment id order, so the consumer's settlement and the reconciler's never deadlock.
    outcomes.sort((a, b) => a.paymentId.localeCompare(b.paymentId));
    const refundIds = refunds.map((payment) => payment.id).sort();
    await this.transactions.run(async (tx) => {
      const charged = outcomes.length > 0 ? await recordChargeOutcomes(tx, outcomes) : [];
      const refunded = refundIds.length > 0 ? await recordRefunded(tx, refundIds) : [];
      for (const payment of charged) announce(payment, chargeEvent(payment), tx.publish.bind(tx));
      for (const payment of refunded) announce(payment, refundEvent(payment), tx.publish.bind(tx));
    });
  }

  /** Retries an unavailable gateway with backoff; out of attempts, voids the key and declines. */
  private async charge(payment: PaymentRecord): Promise<ChargeOutcome> {
    const request = {
      idempotencyKey: payment.id,
      orderId: payment.orderId,
      method: payment.method ?? '',
      amountCents: payment.requestedCents,
      currency: payment.currency ?? '',
    };
    let result: ChargeResult | { outcome: 'voided' } | undefined;
    for (let attempt = 1; !result; attempt += 1) {
      try {
        result = await this.gateway.charge(request);
      } catch (error) {
        if (!(error instanceof GatewayUnavailable)) throw error;
        if (attempt >= this.config.gatewayAttempts) {
          result = await this.gateway.void({ idempotencyKey: payment.id, orderId: payment.orderId });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
    if (result.outcome === 'captured') return { paymentId: payment.id, captured: true, declineReason: null };
    const declineReason = result.outcome === 'voided' ? 'GATEWAY_UNAVAILABLE' : 'CARD_DECLINED';
    return { paymentId: payment.id, captured: false, declineReason };
  }

  private async refund(payment: PaymentRecord): Promise<void> {
    await this.gateway.refund({
      idempotencyKey: `${payment.id}:refund`,
      orderId: payment.orderId,
      amountCents: payment.amountCents,
      currency: payment.currency ?? '',
    });
  }
}

/** The settlement's events continue the trace of the event that asked for the charge. */
function announce(payment: PaymentRecord, event: SagaEvent, publish: (event: SagaEvent) => void): void {
  context.with(contextFromHeaders(payment.traceHeaders), () => publish(event));
}

function chargeEvent(payment: PaymentRecord): SagaEvent {
  const { orderId, id: paymentId, amountCents, currency, lines, shippingAddress } = payment;
  if (payment.status === 'CAPTURED') {
    // Every charge is claimed from an inventory.reserved, which carries all of these.
    if (!currency || !lines || !shippingAddress)
      throw new Error(`captured payment ${paymentId} lacks what its event forwards`);
    return newEvent('payment.captured.v1', {
      orderId,
      paymentId,
      amountCents,
      currency,
      lines,
      shippingAddress,
    });
  }
  const reason = payment.declineReason ?? 'CARD_DECLINED';
  return newEvent('payment.declined.v1', { orderId, reason });
}

function refundEvent(payment: PaymentRecord): SagaEvent {
  const { orderId, id: paymentId, refundedCents: amountCents } = payment;
  return newEvent('payment.refunded.v1', {
    orderId,
    paymentId,
    amountCents,
    currency: payment.currency ?? '',
    cause: payment.refundCause ?? 'FULFILMENT_FAILED',
  });
}
