import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type DatabasePool, migrate, sagaServiceMigrations } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import { GatewayUnavailable } from '../src/domain/card-gateway.js';
import { SimulatedCardGateway } from '../src/gateway/simulated-card-gateway.js';

// The simulated provider's test cards and idempotency keys, against its durable ledger (a schema
// of its own, migrated like the service's database).
let scratch: ScratchPool;
let pool: DatabasePool;
let gateway: SimulatedCardGateway;

function chargeOf(method: string, idempotencyKey: string = randomUUID()) {
  return { idempotencyKey, orderId: randomUUID(), method, amountCents: 3000, currency: 'EUR' };
}

/** A new gateway instance on the same ledger: what a restart of the payment service sees. */
async function restarted(): Promise<SimulatedCardGateway> {
  return new SimulatedCardGateway(pool);
}

describe('simulated card gateway (test cards, durable ledger)', () => {
  beforeAll(async () => {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    scratch = await createScratchPool((url, schema) =>
      migrate(url, sagaServiceMigrations(migrations), schema),
    );
    pool = scratch.pool as DatabasePool;
    gateway = await restarted();
  });

  afterAll(async () => {
    await scratch.drop();
  });

  it('captures card_ok with a gateway reference', async () => {
    expect(await gateway.charge(chargeOf('card_ok'))).toEqual({
      outcome: 'captured',
      gatewayReference: expect.stringMatching(/^ch_/),
    });
  });

  it.each(['card_declined', 'visa_4242'])(
    'declines %s (an unknown card is never charged)',
    async (method) => {
      expect(await gateway.charge(chargeOf(method))).toEqual({ outcome: 'declined' });
    },
  );

  it('is unavailable for card_flaky on the first two calls of a key, then captures', async () => {
    const request = chargeOf('card_flaky');
    await expect(gateway.charge(request)).rejects.toBeInstanceOf(GatewayUnavailable);
    await expect(gateway.charge(request)).rejects.toBeInstanceOf(GatewayUnavailable);
    expect(await gateway.charge(request)).toMatchObject({ outcome: 'captured' });
  });

  it('counts card_flaky failures per key, so another key fails twice again', async () => {
    const first = chargeOf('card_flaky');
    for (let attempt = 0; attempt < 2; attempt += 1) await gateway.charge(first).catch(() => undefined);
    await gateway.charge(first);
    await expect(gateway.charge(chargeOf('card_flaky'))).rejects.toBeInstanceOf(GatewayUnavailable);
  });

  it('answers a repeated key with its first result, whatever card the repeat names', async () => {
    const captured = await gateway.charge(chargeOf('card_ok', 'key-captured'));
    expect(await gateway.charge(chargeOf('card_ok', 'key-captured'))).toEqual(captured);
    expect(await gateway.charge(chargeOf('card_declined', 'key-captured'))).toEqual(captured);

    await gateway.charge(chargeOf('card_declined', 'key-declined'));
    expect(await gateway.charge(chargeOf('card_ok', 'key-declined'))).toEqual({ outcome: 'declined' });
  });

  it('keeps one ledger entry for concurrent charges with one key, all answered alike', async () => {
    const request = chargeOf('card_ok');
    const answers = await Promise.all(Array.from({ length: 5 }, () => gateway.charge(request)));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS entries FROM gateway_ledger WHERE idempotency_key = $1',
      [request.idempotencyKey],
    );
    expect(rows).toEqual([{ entries: 1 }]);
  });

  it('refunds, with the same reference when a key is refunded again', async () => {
    const refund = {
      idempotencyKey: `${randomUUID()}:refund`,
      orderId: randomUUID(),
      amountCents: 3000,
      currency: 'EUR',
    };
    const first = await gateway.refund(refund);
    expect(first.refundReference).toMatch(/^re_/);
    expect(await gateway.refund(refund)).toEqual(first);
  });

  it('voids an unused key so it never charges, but reports a charge that already went through', async () => {
    const unused = chargeOf('card_ok');
    expect(await gateway.void(unused)).toEqual({ outcome: 'voided' });
    expect(await gateway.charge(unused)).toEqual({ outcome: 'declined' });

    const charged = chargeOf('card_ok');
    const captured = await gateway.charge(charged);
    expect(await gateway.void(charged)).toEqual(captured);
  });

  it('remembers charges, refunds and voids across a restart (a new instance on the same ledger)', async () => {
    const charged = chargeOf('card_ok');
    const captured = await gateway.charge(charged);
    const refund = {
      idempotencyKey: `${charged.idempotencyKey}:refund`,
      orderId: charged.orderId,
      amountCents: 3000,
      currency: 'EUR',
    };
    const refunded = await gateway.refund(refund);
    const voided = chargeOf('card_ok');
    await gateway.void(voided);

    const afterRestart = await restarted();
    expect(await afterRestart.charge(charged)).toEqual(captured);
    expect(await afterRestart.refund(refund)).toEqual(refunded);
    expect(await afterRestart.charge(voided)).toEqual({ outcome: 'declined' });
  });
});
