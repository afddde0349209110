import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { failed, reserved } from './payment-events.js';
import { PaymentHarness } from './payment-harness.js';
import { SimulatedCardGateway } from '../src/gateway/simulated-card-gateway.js';

// The second half of a payment: the gateway call after the commit, its retries, and the
// reconciler finishing what a crash between the two halves left behind.
let harness: PaymentHarness;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds each call to the gateway's `operation` until `callers` calls arrived: forces them to overlap. */
function overlapCalls(operation: 'charge' | 'refund', callers = 2) {
  const original = harness.gateway[operation].bind(harness.gateway) as (request: unknown) => Promise<unknown>;
  let release: () => void = () => undefined;
  const allArrived = new Promise<void>((resolve) => (release = resolve));
  let arrived = 0;
  const overlapping = async (request: unknown) => {
    arrived += 1;
    if (arrived === callers) release();
    await allArrived;
    return original(request);
  };
  return jest.spyOn(harness.gateway, operation).mockImplementation(overlapping as never);
}

const topicsOf = async (orderId: string) => (await harness.outcome(orderId)).emitted.map((row) => row.topic);

describe('payment settlement (real PostgreSQL, simulated gateway)', () => {
  beforeAll(async () => {
    harness = await PaymentHarness.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    expect(await harness.moneyDrift()).toEqual([]);
  });

  it('captures card_flaky with one charge after the gateway was unavailable twice', async () => {
    const charge = jest.spyOn(harness.gateway, 'charge');
    const event = reserved('card_flaky');
    await harness.deliver(event);
    const answers = await Promise.allSettled(
      charge.mock.results.map((result) => result.value as Promise<unknown>),
    );
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    const payment = await harness.paymentOf(event.orderId);
    expect(payment).toMatchObject({ status: 'CAPTURED', amountCents: event.data.totalCents });
    expect(await topicsOf(event.orderId)).toEqual(['payment.captured.v1']);
    expect(await harness.ledger(event.orderId)).toEqual([
      { key: payment.id, operation: 'charge', outcome: 'captured', amountCents: event.data.totalCents },
    ]);
  });

  it('voids the key and declines (GATEWAY_UNAVAILABLE) once the attempts are used up; the key never charges', async () => {
    const impatient = await harness.restarted({ gatewayAttempts: 2 });
    const event = reserved('card_flaky');
    await impatient.deliver(event);
    const payment = await harness.paymentOf(event.orderId);
    expect(payment).toMatchObject({ status: 'DECLINED', amountCents: 0 });
    expect((await harness.outcome(event.orderId)).emitted).toEqual([
      { topic: 'payment.declined.v1', payload: { orderId: event.orderId, reason: 'GATEWAY_UNAVAILABLE' } },
    ]);
    expect(await harness.ledger(event.orderId)).toEqual([
      { key: payment.id, operation: 'void', outcome: 'voided', amountCents: 0 },
    ]);

    // A late retry with the key, even from another gateway instance past the flaky calls, takes no money.
    const late = new SimulatedCardGateway(harness.pool);
    const request = {
      idempotencyKey: payment.id,
      orderId: event.orderId,
      amountCents: 3000,
      currency: 'EUR',
    };
    expect(await late.charge({ ...request, method: 'card_ok' })).toEqual({ outcome: 'declined' });
    expect(await harness.ledger(event.orderId)).toHaveLength(1);
  });

  it('settles a charge a crash left PENDING once it is older than reconcileAfterMs, and only then', async () => {
    const event = reserved('card_ok');
    await harness.deliverThenCrash(event);
    expect(await harness.outcome(event.orderId)).toMatchObject({
      payments: [{ status: 'PENDING' }],
      ledger: [],
    });

    // A fresh claim is the consumer's to settle: a patient reconciler leaves it alone.
    await harness.reconciler(60_000).reconcile();
    expect(await harness.outcome(event.orderId)).toMatchObject({
      payments: [{ status: 'PENDING' }],
      ledger: [],
    });

    await sleep(30);
    await harness.reconciler(10).reconcile();
    const payment = await harness.paymentOf(event.orderId);
    expect(payment).toMatchObject({ status: 'CAPTURED', amountCents: event.data.totalCents });
    expect(await topicsOf(event.orderId)).toEqual(['payment.captured.v1']);
    expect(await harness.ledger(event.orderId)).toEqual([
      { key: payment.id, operation: 'charge', outcome: 'captured', amountCents: event.data.totalCents },
    ]);
  });

  it('charges and announces once when the consumer and the reconciler settle the same payment at once', async () => {
    const event = reserved('card_ok');
    await harness.deliverThenCrash(event);
    const held = harness.takeUnsettled();
    await sleep(30);
    const charge = overlapCalls('charge');
    await Promise.all([harness.workingSet.afterCommit(held), harness.reconciler(10).reconcile()]);
    expect(charge).toHaveBeenCalledTimes(2);
    const payment = await harness.paymentOf(event.orderId);
    expect(payment.status).toBe('CAPTURED');
    expect(await topicsOf(event.orderId)).toEqual(['payment.captured.v1']);
    expect(await harness.ledger(event.orderId)).toHaveLength(1);
  });

  it('refunds once when a crash left REFUND_PENDING and the consumer and the reconciler both settle it', async () => {
    const event = reserved('card_ok');
    await harness.deliver(event);
    await harness.deliverThenCrash(failed(event.orderId, 'UNSERVICEABLE_DESTINATION'));
    const held = harness.takeUnsettled();
    expect(await harness.outcome(event.orderId)).toMatchObject({ payments: [{ status: 'REFUND_PENDING' }] });
    expect(await harness.ledger(event.orderId)).toHaveLength(1);

    await sleep(30);
    const refund = overlapCalls('refund');
    await Promise.all([harness.reconciler(10).reconcile(), harness.workingSet.afterCommit(held)]);
    expect(refund).toHaveBeenCalledTimes(2);
    const payment = await harness.paymentOf(event.orderId);
    expect(payment).toMatchObject({ status: 'REFUNDED', refundedCents: event.data.totalCents });
    expect(await topicsOf(event.orderId)).toEqual(['payment.captured.v1', 'payment.refunded.v1']);
    expect((await harness.ledger(event.orderId)).map((entry) => entry.operation)).toEqual([
      'charge',
      'refund',
    ]);
  });
});
