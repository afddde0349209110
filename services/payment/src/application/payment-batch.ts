import { randomUUID } from 'node:crypto';
import type { PricedLine, ShippingAddress } from '@saga-shop/contracts';
import type { DeclineReason, PaymentStatus, RefundCause } from '../domain/payment-status.js';

/** A payment as the reactions and the settlement see and change it. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  status: PaymentStatus;
  method: string | null;
  requestedCents: number;
  amountCents: number;
  refundedCents: number;
  currency: string | null;
  declineReason: DeclineReason | null;
  /** Why a refund was asked for (payment.refunded's cause). */
  refundCause: RefundCause | null;
  /** What payment.captured carries forward to fulfilment. */
  lines: PricedLine[] | null;
  shippingAddress: ShippingAddress | null;
  /** The trace of the event that asked for the charge, for the events the settlement emits. */
  traceHeaders: Record<string, string>;
}

/**
 * A batch's working state: the payments of the orders its events name (loaded locked), the ones
 * the reactions created or changed, and what must be settled with the gateway once committed.
 */
export class PaymentBatch {
  readonly created = new Set<PaymentRecord>();
  readonly changed = new Set<PaymentRecord>();

  constructor(private readonly payments: Map<string, PaymentRecord>) {}

  payment(orderId: string): PaymentRecord | undefined {
    return this.payments.get(orderId);
  }

  create(payment: PaymentRecord): void {
    this.payments.set(payment.orderId, payment);
    this.created.add(payment);
  }

  /** A CANCELLED tombstone: the order was cancelled before any charge, so none may follow. */
  refuseLaterCharges(orderId: string): void {
    this.create({
      id: randomUUID(),
      orderId,
      status: 'CANCELLED',
      method: null,
      requestedCents: 0,
      amountCents: 0,
      refundedCents: 0,
      currency: null,
      declineReason: null,
      refundCause: null,
      lines: null,
      shippingAddress: null,
      traceHeaders: {},
    });
  }

  requestRefund(payment: PaymentRecord, cause: RefundCause): void {
    payment.refundCause = cause;
    this.setStatus(payment, 'REFUND_PENDING');
  }

  setStatus(payment: PaymentRecord, status: PaymentStatus): void {
    payment.status = status;
    if (!this.created.has(payment)) this.changed.add(payment);
  }

  /** Charges and refunds to settle with the gateway after the commit. */
  toSettle(): PaymentRecord[] {
    return [...this.created, ...this.changed].filter(
      (payment) => payment.status === 'PENDING' || payment.status === 'REFUND_PENDING',
    );
  }
}
