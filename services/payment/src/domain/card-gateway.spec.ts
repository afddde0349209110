import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CardGateway, GatewayUnavailable } from './card-gateway.js';

function chargeOf(method: string, orderId = randomUUID()) {
  return { orderId, method, amountCents: 3000, currency: 'EUR' };
}

describe('card gateway (test cards)', () => {
  it('captures card_ok with a gateway reference', async () => {
    const result = await new CardGateway().charge(chargeOf('card_ok'));
    expect(result).toEqual({ outcome: 'captured', gatewayReference: expect.stringMatching(/^ch_/) });
  });

  it('declines card_declined', async () => {
    expect(await new CardGateway().charge(chargeOf('card_declined'))).toEqual({ outcome: 'declined' });
  });

  it('declines a method that is not a known test card', async () => {
    expect(await new CardGateway().charge(chargeOf('visa_4242'))).toEqual({ outcome: 'declined' });
  });

  it('is unavailable for card_flaky on the first two attempts of an order, then captures', async () => {
    const gateway = new CardGateway();
    const request = chargeOf('card_flaky');
    await expect(gateway.charge(request)).rejects.toBeInstanceOf(GatewayUnavailable);
    await expect(gateway.charge(request)).rejects.toBeInstanceOf(GatewayUnavailable);
    expect(await gateway.charge(request)).toMatchObject({ outcome: 'captured' });
  });

  it('counts card_flaky failures per order, so another order fails twice again', async () => {
    const gateway = new CardGateway();
    const first = chargeOf('card_flaky');
    for (let attempt = 0; attempt < 2; attempt += 1) await gateway.charge(first).catch(() => undefined);
    await gateway.charge(first);
    await expect(gateway.charge(chargeOf('card_flaky'))).rejects.toBeInstanceOf(GatewayUnavailable);
  });

  it('returns the first final result when the same order is charged again (idempotency key)', async () => {
    const gateway = new CardGateway();
    const orderId = randomUUID();
    const captured = await gateway.charge(chargeOf('card_ok', orderId));
    expect(await gateway.charge(chargeOf('card_ok', orderId))).toEqual(captured);
    // Even a different card cannot change an order's final result.
    expect(await gateway.charge(chargeOf('card_declined', orderId))).toEqual(captured);

    const declinedOrder = randomUUID();
    await gateway.charge(chargeOf('card_declined', declinedOrder));
    expect(await gateway.charge(chargeOf('card_ok', declinedOrder))).toEqual({ outcome: 'declined' });
  });

  it('always refunds, with the same reference when an order is refunded again', async () => {
    const gateway = new CardGateway();
    const refund = { orderId: randomUUID(), amountCents: 3000, currency: 'EUR' };
    const first = await gateway.refund(refund);
    expect(first.refundReference).toMatch(/^re_/);
    expect(await gateway.refund(refund)).toEqual(first);
  });
});
