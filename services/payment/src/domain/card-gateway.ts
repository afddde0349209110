import { randomUUID } from 'node:crypto';

/**
 * A simulated card gateway, standing in for an external payment provider. Its test cards (the
 * `paymentMethod` of an order) behave deterministically, like a real gateway's test card numbers:
 *
 * | method          | charge                                                        |
 * | --------------- | ------------------------------------------------------------- |
 * | `card_ok`       | captured                                                      |
 * | `card_declined` | declined                                                      |
 * | `card_flaky`    | throws GatewayUnavailable twice for an order, then captured   |
 * | anything else   | declined (an unknown card is never charged)                   |
 *
 * Like a real gateway's idempotency key, the orderId makes charging safe to retry: once an order
 * has a final result, charging it again returns that result and takes no more money.
 */
export const testCards = {
  ok: 'card_ok',
  declined: 'card_declined',
  flaky: 'card_flaky',
} as const;

/** How many times `card_flaky` is unavailable for an order before it pays. */
export const flakyFailuresPerOrder = 2;

export interface ChargeRequest {
  orderId: string;
  method: string;
  amountCents: number;
  currency: string;
}

export type ChargeResult = { outcome: 'captured'; gatewayReference: string } | { outcome: 'declined' };

export interface RefundRequest {
  orderId: string;
  amountCents: number;
  currency: string;
}

/** A transient gateway failure: nothing was charged, and trying again later may succeed. */
export class GatewayUnavailable extends Error {
  constructor(orderId: string) {
    super(`card gateway unavailable while charging order ${orderId}`);
    this.name = 'GatewayUnavailable';
  }
}

export class CardGateway {
  // In memory on purpose: this is the external system's state, not the payment service's.
  private readonly charges = new Map<string, ChargeResult>();
  private readonly refunds = new Map<string, string>();
  private readonly unavailableAttempts = new Map<string, number>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const known = this.charges.get(request.orderId);
    if (known) return known;
    if (request.method === testCards.flaky) this.failWhileFlaky(request.orderId);
    const result: ChargeResult =
      request.method === testCards.ok || request.method === testCards.flaky
        ? { outcome: 'captured', gatewayReference: `ch_${randomUUID()}` }
        : { outcome: 'declined' };
    this.charges.set(request.orderId, result);
    return result;
  }

  /** Always succeeds; refunding the same order again returns the first refund's reference. */
  async refund(request: RefundRequest): Promise<{ refundReference: string }> {
    const refundReference = this.refunds.get(request.orderId) ?? `re_${randomUUID()}`;
    this.refunds.set(request.orderId, refundReference);
    return { refundReference };
  }

  private failWhileFlaky(orderId: string): void {
    const failures = this.unavailableAttempts.get(orderId) ?? 0;
    if (failures >= flakyFailuresPerOrder) return;
    this.unavailableAttempts.set(orderId, failures + 1);
    throw new GatewayUnavailable(orderId);
  }
}
