import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PaymentHarness } from './payment-harness.js';
import { cancelled, chargeOf, declinedFor, failed, refundOf, reserved } from './payment-events.js';

// The reactions, the working set and the settlement against the real migrated schema, each batch
// committed as the consumer commits it; the gateway's ledger says what money really moved.
let harness: PaymentHarness;

describe('payment reactions (real PostgreSQL, simulated gateway)', () => {
  beforeAll(async () => {
    harness = await PaymentHarness.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  afterEach(async () => {
    // Whatever a test did, the money the records hold is the money the gateway moved.
    expect(await harness.moneyDrift()).toEqual([]);
  });

  it('captures card_ok with one charge and announces the lines and address; a redelivery changes nothing', async () => {
    const event = reserved('card_ok');
    expect(await harness.deliver(event)).toEqual({ applied: 1, duplicates: 0 });
    const payment = await harness.paymentOf(event.orderId);
    const { totalCents, currency, lines, shippingAddress } = event.data;
    const captured = {
      payments: [{ id: payment.id, status: 'CAPTURED', amountCents: totalCents, refundedCents: 0 }],
      emitted: [
        {
          topic: 'payment.captured.v1',
          payload: {
            orderId: event.orderId,
            paymentId: payment.id,
            amountCents: totalCents,
            currency,
            lines,
            shippingAddress,
          },
        },
      ],
      ledger: [chargeOf(payment.id, totalCents)],
    };
    expect(await harness.outcome(event.orderId)).toEqual(captured);

    expect(await harness.deliver(event)).toEqual({ applied: 0, duplicates: 1 });
    expect(await harness.outcome(event.orderId)).toEqual(captured);
  });

  it('declines card_declined (CARD_DECLINED) and captures no money', async () => {
    const event = reserved('card_declined');
    await harness.deliver(event);
    const payment = await harness.paymentOf(event.orderId);
    expect(await harness.outcome(event.orderId)).toEqual({
      payments: [{ id: payment.id, status: 'DECLINED', amountCents: 0, refundedCents: 0 }],
      emitted: [declinedFor(event.orderId, 'CARD_DECLINED')],
      ledger: [{ key: payment.id, operation: 'charge', outcome: 'declined', amountCents: 0 }],
    });
  });

  it.each([
    ['order.cancelled', (orderId: string) => cancelled(orderId)],
    ['fulfilment.failed', (orderId: string) => failed(orderId, 'ORDER_CANCELLED')],
  ])(
    'never calls the gateway for a reservation that arrives after %s (ORDER_CANCELLED)',
    async (_name, cancel) => {
      const event = reserved('card_ok');
      await harness.deliver(cancel(event.orderId));
      await harness.deliver(event);
      const outcome = await harness.outcome(event.orderId);
      expect(outcome).toMatchObject({ emitted: [declinedFor(event.orderId, 'ORDER_CANCELLED')], ledger: [] });
      expect(outcome.payments).toMatchObject([{ status: 'CANCELLED', amountCents: 0 }]);
    },
  );

  it('lets a capture stand when the cancellation arrives after it (fulfilment decides the refund)', async () => {
    const event = reserved('card_ok');
    await harness.deliver(event);
    await harness.deliver(cancelled(event.orderId));
    const outcome = await harness.outcome(event.orderId);
    expect(outcome.payments).toMatchObject([{ status: 'CAPTURED', amountCents: event.data.totalCents }]);
    expect(outcome.emitted.map((row) => row.topic)).toEqual(['payment.captured.v1']);
  });

  it.each([
    ['UNSERVICEABLE_DESTINATION', 'FULFILMENT_FAILED'],
    ['ORDER_CANCELLED', 'ORDER_CANCELLED'],
  ] as const)('refunds a capture once when fulfilment fails (%s), naming %s', async (reason, cause) => {
    const event = reserved('card_ok');
    await harness.deliver(event);
    await harness.deliver(failed(event.orderId, reason));
    const { id } = await harness.paymentOf(event.orderId);
    const { totalCents: cents, currency } = event.data;
    const refunded = {
      payments: [{ id, status: 'REFUNDED', amountCents: cents, refundedCents: cents }],
      emitted: [
        expect.objectContaining({ topic: 'payment.captured.v1' }),
        {
          topic: 'payment.refunded.v1',
          payload: { orderId: event.orderId, paymentId: id, amountCents: cents, currency, cause },
        },
      ],
      ledger: [chargeOf(id, cents), refundOf(`${id}:refund`, cents)],
    };
    expect(await harness.outcome(event.orderId)).toEqual(refunded);

    await harness.deliver(failed(event.orderId, 'UNSERVICEABLE_DESTINATION'));
    expect(await harness.outcome(event.orderId)).toEqual(refunded);
  });

  it('leaves a declined payment alone when fulfilment fails or the order is cancelled (nothing to refund)', async () => {
    const event = reserved('card_declined');
    await harness.deliver(event);
    const declined = await harness.outcome(event.orderId);
    await harness.deliver(failed(event.orderId, 'ORDER_CANCELLED'), cancelled(event.orderId));
    expect(await harness.outcome(event.orderId)).toEqual(declined);
  });

  it('leaves a pending charge to finish when fulfilment fails, and refunds it once fulfilment fails again', async () => {
    const event = reserved('card_ok');
    await harness.deliverThenCrash(event);
    await harness.deliver(failed(event.orderId, 'ORDER_CANCELLED'));
    expect(await harness.outcome(event.orderId)).toMatchObject({
      payments: [{ status: 'PENDING' }],
      emitted: [],
      ledger: [],
    });

    await harness.settlement.settle(harness.takeUnsettled().toSettle());
    expect((await harness.paymentOf(event.orderId)).status).toBe('CAPTURED');
    await harness.deliver(failed(event.orderId, 'ORDER_CANCELLED'));
    expect((await harness.paymentOf(event.orderId)).status).toBe('REFUNDED');
  });

  it('applies a batch of many orders in one transaction with one statement per kind of write', async () => {
    const refundLater = reserved('card_ok');
    await harness.deliver(refundLater);
    const [ok, declined, cancelledFirst] = [
      reserved('card_ok'),
      reserved('card_declined'),
      reserved('card_ok'),
    ];
    const cancelledOnly = randomUUID();
    const batch = [
      ok,
      declined,
      cancelled(cancelledFirst.orderId),
      cancelledFirst,
      cancelled(cancelledOnly),
      failed(refundLater.orderId, 'UNSERVICEABLE_DESTINATION'),
    ];
    expect(await harness.deliver(...batch)).toEqual({ applied: 6, duplicates: 0 });
    // Inbox claim, lock, insert of the new rows, update of the changed ones: not one per event.
    expect(harness.lastBatchStatements).toBe(4);

    const statusOf = async (orderId: string) => (await harness.paymentOf(orderId)).status;
    expect(await statusOf(ok.orderId)).toBe('CAPTURED');
    expect(await statusOf(declined.orderId)).toBe('DECLINED');
    expect(await statusOf(cancelledFirst.orderId)).toBe('CANCELLED');
    expect(await statusOf(cancelledOnly)).toBe('CANCELLED');
    expect(await statusOf(refundLater.orderId)).toBe('REFUNDED');
    expect((await harness.outcome(cancelledFirst.orderId)).emitted).toEqual([
      declinedFor(cancelledFirst.orderId, 'ORDER_CANCELLED'),
    ]);
  });
});
