import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { events, newEvent, type AnySagaEvent } from '@saga-shop/contracts';
import { claimInInbox } from '../src/inbox/inbox.js';
import { TransactionRunner } from '../src/transaction/transaction-runner.js';
import { scratchSchema } from './scratch-schema.js';

let schema: Awaited<ReturnType<typeof scratchSchema>>;
let runner: TransactionRunner;
let wakes = 0;

const placed = (): AnySagaEvent =>
  newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example));
const count = async (table: string) =>
  Number((await schema.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

describe('inbox claim and outbox rows in one transaction (real PostgreSQL)', () => {
  beforeAll(async () => {
    schema = await scratchSchema();
    runner = new TransactionRunner({ pool: schema.pool, onOutboxCommitted: () => (wakes += 1) });
  });
  afterAll(() => schema.drop());

  it('claims a batch in one statement and reports only the events seen for the first time', async () => {
    const [seen, fresh] = [placed(), placed()];
    await runner.run((tx) => claimInInbox(tx, [seen]));
    const claimed = await runner.run(async (tx) => ({
      fresh: await claimInInbox(tx, [seen, fresh]),
      statements: tx.statementCount,
    }));
    expect([...claimed.fresh]).toEqual([fresh.id]);
    expect(claimed.statements).toBe(1);
  });

  it('claims an event twice in one batch only once', async () => {
    const event = placed();
    const fresh = await runner.run((tx) => claimInInbox(tx, [event, event]));
    expect([...fresh]).toEqual([event.id]);
  });

  it('writes every published event as an outbox row with the commit, in one statement, and wakes the relay', async () => {
    const [before, wakesBefore] = [await count('outbox'), wakes];
    let transaction: { statementCount: number } | undefined;
    await runner.run(async (tx) => {
      transaction = tx;
      tx.publish(placed(), placed(), placed());
    });
    // Three events, one INSERT (the runner's, just before COMMIT).
    expect(transaction?.statementCount).toBe(1);
    expect(await count('outbox')).toBe(before + 3);
    expect(wakes).toBe(wakesBefore + 1);
  });

  it('keeps neither the inbox claim nor the outbox rows when the transaction fails', async () => {
    const [inbox, outbox, wakesBefore] = [await count('inbox'), await count('outbox'), wakes];
    const failing = runner.run(async (tx) => {
      await claimInInbox(tx, [placed()]);
      tx.publish(placed());
      throw new Error('the reaction failed');
    });
    await expect(failing).rejects.toThrow('the reaction failed');
    expect([await count('inbox'), await count('outbox'), wakes]).toEqual([inbox, outbox, wakesBefore]);
  });

  it('refuses to publish an event that breaks its own contract, as a producer bug', async () => {
    const broken = { ...placed(), data: { orderId: 'not-a-uuid' } } as unknown as AnySagaEvent;
    await expect(runner.run(async (tx) => tx.publish(broken))).rejects.toMatchObject({
      name: 'ProducerContractViolation',
    });
  });

  it('stores the trace headers of the code that published, beside the CloudEvents headers', async () => {
    const event = placed();
    await runner.run(async (tx) => tx.publish(event));
    const { rows } = await schema.pool.query<{ headers: Record<string, string> }>(
      'SELECT headers FROM outbox WHERE event_id = $1',
      [event.id],
    );
    expect(rows[0]?.headers).toMatchObject({
      ce_id: event.id,
      ce_type: 'order.placed.v1',
      ce_specversion: '1.0',
    });
  });
});
