import { fileURLToPath } from 'node:url';
import { paymentSettingsSchema } from '@saga-shop/config';
import type { AnySagaEvent, SagaEvent } from '@saga-shop/contracts';
import {
  applyBatch,
  classifyFailure,
  handleBatchOnce,
  TransactionRunner,
  type SagaBatchHandler,
  type SagaTransaction,
  type WorkingSet,
} from '@saga-shop/messaging';
import { type DatabasePool, migrate, sagaServiceMigrations } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import type { PaymentBatch } from '../src/application/payment-batch.js';
import { PaymentReconciler } from '../src/application/payment-reconciler.js';
import { onFulfilmentFailed } from '../src/application/reactions/on-fulfilment-failed.js';
import { onInventoryReserved } from '../src/application/reactions/on-inventory-reserved.js';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { PaymentSettlement } from '../src/application/settle-payments.js';
import { SimulatedCardGateway } from '../src/gateway/simulated-card-gateway.js';
import type { PaymentConfig } from '../src/payment-config.js';
import { PaymentWorkingSet } from '../src/persistence/payment-working-set.js';

// The settings' defaults, as a service started without PAYMENT_* variables has them.
const defaultSettings: PaymentConfig = paymentSettingsSchema.parse({});

type PaymentRow = { id: string; status: string; amountCents: number; refundedCents: number };

/** Dispatches by event type, as PaymentConsumer does by topic. */
function react(event: AnySagaEvent, batch: PaymentBatch): SagaEvent[] {
  if (event.type === 'inventory.reserved.v1') return onInventoryReserved(batch, event);
  if (event.type === 'fulfilment.failed.v1') return onFulfilmentFailed(batch, event);
  if (event.type === 'order.cancelled.v1') return onOrderCancelled(batch, event);
  throw new Error(`payment does not consume ${event.type}`);
}

/**
 * The payment pipeline against a migrated scratch schema, without Nest or Kafka: each delivery is
 * one batch committed by handleBatchOnce exactly as the consumer commits it, then settled with the
 * simulated gateway, whose ledger (the money that really moved) lives in the same schema.
 */
export class PaymentHarness {
  readonly runner: TransactionRunner;
  readonly gateway: SimulatedCardGateway;
  readonly settlement: PaymentSettlement;
  readonly workingSet: PaymentWorkingSet;
  /** Statements the last delivered batch ran in its transaction, outbox insert excluded. */
  lastBatchStatements = 0;
  /** Committed batches whose settlement a "crash" held back (see deliverThenCrash). */
  readonly unsettled: PaymentBatch[] = [];

  private constructor(
    readonly pool: DatabasePool,
    readonly config: PaymentConfig,
    private readonly scratch?: ScratchPool,
  ) {
    this.runner = new TransactionRunner({ pool });
    this.gateway = new SimulatedCardGateway(pool);
    this.settlement = new PaymentSettlement(this.gateway, this.runner as never, config);
    this.workingSet = new PaymentWorkingSet(this.settlement);
  }

  static async open(poolSize = 20): Promise<PaymentHarness> {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const scratch = await createScratchPool(
      (url, schema) => migrate(url, sagaServiceMigrations(migrations), schema),
      poolSize,
    );
    return new PaymentHarness(scratch.pool as DatabasePool, defaultSettings, scratch);
  }

  /** Another process on the same database (a restart: a new gateway instance), with `settings`. */
  async restarted(settings: Partial<PaymentConfig> = {}): Promise<PaymentHarness> {
    return new PaymentHarness(this.pool, { ...this.config, ...settings });
  }

  async close(): Promise<void> {
    await this.scratch?.drop();
  }

  /** One batch, settlement included; a lost race is retried, as the consumer retries a conflict. */
  deliver(...batch: AnySagaEvent[]) {
    return this.deliverWith(this.workingSet, batch);
  }

  /** One batch committed, but the process "crashes" before settling it with the gateway. */
  deliverThenCrash(...batch: AnySagaEvent[]) {
    return this.deliverWith(
      this.workingSetWith({ afterCommit: async (state) => void this.unsettled.push(state) }),
      batch,
    );
  }

  /**
   * One batch that loses a race: `rival` is delivered (and committed) by another transaction after
   * this batch loaded its payments and before it saves; the retry after the conflict decides again.
   */
  deliverLosingTo(rival: AnySagaEvent[], ...batch: AnySagaEvent[]) {
    let raced = false;
    const save = async (tx: SagaTransaction, state: PaymentBatch) => {
      if (!raced) await this.deliver(...rival);
      raced = true;
      await this.workingSet.save(tx, state);
    };
    return this.deliverWith(this.workingSetWith({ save }), batch);
  }

  /** The batch a crash held back, for a test to settle it (as the consumer would have) when it likes. */
  takeUnsettled(): PaymentBatch {
    const batch = this.unsettled.pop();
    if (!batch) throw new Error('no batch was held back by a crash');
    return batch;
  }

  reconciler(reconcileAfterMs: number): PaymentReconciler {
    return new PaymentReconciler(this.runner as never, this.settlement, { ...this.config, reconcileAfterMs });
  }

  /** The service's working set with some of its steps replaced. */
  private workingSetWith(steps: Partial<WorkingSet<PaymentBatch>>): WorkingSet<PaymentBatch> {
    const { workingSet } = this;
    return {
      load: (tx, events) => workingSet.load(tx, events),
      save: (tx, state) => workingSet.save(tx, state),
      afterCommit: (state) => workingSet.afterCommit(state),
      ...steps,
    };
  }

  private async deliverWith(
    workingSet: WorkingSet<PaymentBatch>,
    batch: AnySagaEvent[],
    attempts = 5,
  ): Promise<{ applied: number; duplicates: number }> {
    const handler: SagaBatchHandler = {
      apply: async (tx, consumed) => {
        const afterCommit = await applyBatch(tx, consumed, workingSet, react);
        this.lastBatchStatements = tx.statementCount;
        return afterCommit;
      },
    };
    try {
      return await handleBatchOnce(this.runner, handler, batch);
    } catch (error) {
      if (attempts <= 1 || classifyFailure(error) !== 'conflict') throw error;
      return this.deliverWith(workingSet, batch, attempts - 1);
    }
  }

  /** The order's payment rows, what payment emitted for it, and what the gateway's ledger holds. */
  async outcome(orderId: string) {
    const payments = await this.rows<PaymentRow>(
      `SELECT id, status, amount_cents AS "amountCents", refunded_cents AS "refundedCents"
         FROM payments WHERE order_id = $1`,
      orderId,
    );
    const outbox = await this.rows<{ topic: string; payload: string }>(
      'SELECT topic, payload FROM outbox WHERE message_key = $1 ORDER BY id',
      orderId,
    );
    return {
      payments,
      emitted: outbox.map((row) => ({ topic: row.topic, payload: JSON.parse(row.payload) as unknown })),
      ledger: await this.ledger(orderId),
    };
  }

  /** The order's one payment row (there is never more than one). */
  async paymentOf(orderId: string) {
    const [payment, ...others] = (await this.outcome(orderId)).payments;
    if (!payment || others.length > 0) throw new Error(`order ${orderId} has no single payment row`);
    return payment;
  }

  ledger(orderId: string) {
    return this.rows<{ key: string; operation: string; outcome: string; amountCents: number }>(
      `SELECT idempotency_key AS key, operation, outcome, amount_cents AS "amountCents"
         FROM gateway_ledger WHERE order_id = $1 ORDER BY created_at, operation`,
      orderId,
    );
  }

  /** Orders whose money held by the payment records differs from what the gateway moved (none, ever). */
  moneyDrift() {
    return this.rows<{ orderId: string; held: number; moved: number }>(
      `WITH held AS (SELECT order_id, SUM(amount_cents - refunded_cents) AS cents FROM payments GROUP BY order_id),
            moved AS (SELECT order_id, SUM(CASE WHEN operation = 'refund' THEN -amount_cents
                                                WHEN outcome = 'captured' THEN amount_cents ELSE 0 END) AS cents
                        FROM gateway_ledger GROUP BY order_id)
       SELECT COALESCE(h.order_id, m.order_id) AS "orderId",
              COALESCE(h.cents, 0)::int AS held, COALESCE(m.cents, 0)::int AS moved
         FROM held h FULL JOIN moved m ON m.order_id = h.order_id
        WHERE COALESCE(h.cents, 0) <> COALESCE(m.cents, 0)`,
    );
  }

  private async rows<Row>(sql: string, ...values: unknown[]): Promise<Row[]> {
    return (await this.pool.query(sql, values)).rows as Row[];
  }
}
