import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelled, chargeOf, declinedFor, failed, reserved } from './payment-events.js';
import { PaymentHarness } from './payment-harness.js';

// A cancellation and a charge claim for the same order, racing: the unique order_id lets one win,
// and the gateway is only ever called for a claim that won, so no money is taken for a lost race.
let harness: PaymentHarness;

/** What a won charge claim leaves: one capture, announced once, and one charge at the gateway. */
async function expectCaptured(event: ReturnType<typeof reserved>) {
  const payment = await harness.paymentOf(event.orderId);
  const { emitted, ledger } = await harness.outcome(event.orderId);
  expect(payment.status).toBe('CAPTURED');
  expect(emitted.map((row) => row.topic)).toEqual(['payment.captured.v1']);
  expect(ledger).toEqual([chargeOf(payment.id, event.data.totalCents)]);
}

/** What a won cancellation leaves: the tombstone, the refusal, and nothing at the gateway. */
async function expectRefused(event: ReturnType<typeof reserved>) {
  const payment = await harness.paymentOf(event.orderId);
  const { emitted, ledger } = await harness.outcome(event.orderId);
  expect(payment).toMatchObject({ status: 'CANCELLED', amountCents: 0 });
  expect({ emitted, ledger }).toEqual({
    emitted: [declinedFor(event.orderId, 'ORDER_CANCELLED')],
    ledger: [],
  });
}

describe('payment races (real PostgreSQL, simulated gateway)', () => {
  beforeAll(async () => {
    harness = await PaymentHarness.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  afterEach(async () => {
    expect(await harness.moneyDrift()).toEqual([]);
  });

  it.each([
    ['order.cancelled', cancelled],
    ['fulfilment.failed', (orderId: string) => failed(orderId, 'ORDER_CANCELLED')],
  ])('takes no money when %s commits while the reservation is being applied', async (_name, cancel) => {
    const event = reserved('card_ok');
    await harness.deliverLosingTo([cancel(event.orderId)], event);
    await expectRefused(event);
  });

  it('charges once when the reservation commits while the cancellation is being applied', async () => {
    const event = reserved('card_ok');
    await harness.deliverLosingTo([event], cancelled(event.orderId));
    await expectCaptured(event);
  });

  it('lets exactly one of a concurrent cancellation and reservation win, charging only for a won claim', async () => {
    const orders = Array.from({ length: 6 }, () => reserved('card_ok'));
    await Promise.all(
      orders.map((event, index) => {
        const both = [() => harness.deliver(event), () => harness.deliver(cancelled(event.orderId))];
        return Promise.all((index % 2 === 0 ? both : both.reverse()).map((deliver) => deliver()));
      }),
    );
    for (const event of orders) {
      const { status } = await harness.paymentOf(event.orderId);
      await (status === 'CAPTURED' ? expectCaptured(event) : expectRefused(event));
    }
  });
});
