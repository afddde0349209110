/**
 * The port to the card gateway, an external payment provider. Every call carries an idempotency
 * key (derived from the payment id), as real gateways require: asking again with the same key
 * returns the first answer and never moves money twice, so a call can be retried after any
 * failure or crash.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  orderId: string;
  method: string;
  amountCents: number;
  currency: string;
}

export type ChargeResult = { outcome: 'captured'; gatewayReference: string } | { outcome: 'declined' };

export interface RefundRequest {
  idempotencyKey: string;
  orderId: string;
  amountCents: number;
  currency: string;
}

export interface CardGateway {
  /** Throws GatewayUnavailable when nothing was charged and trying again later may succeed. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ refundReference: string }>;
  /**
   * Makes sure the key never charges (after giving up on an unavailable gateway). If a charge
   * with the key went through after all, returns its result instead: that money was taken.
   */
  void(request: { idempotencyKey: string; orderId: string }): Promise<ChargeResult | { outcome: 'voided' }>;
}

/** A transient gateway failure: nothing was charged, and trying again later may succeed. */
export class GatewayUnavailable extends Error {
  constructor(orderId: string) {
    super(`card gateway unavailable while charging order ${orderId}`);
    this.name = 'GatewayUnavailable';
  }
}

/** Injection token of the CardGateway adapter. */
export const CARD_GATEWAY = Symbol('CARD_GATEWAY');
