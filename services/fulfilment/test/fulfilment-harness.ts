import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { events, newEvent, type AnySagaEvent, type SagaEvent } from '@saga-shop/contracts';
import { applyBatch, handleBatchOnce, TransactionRunner, type SagaTransaction } from '@saga-shop/messaging';
import { type DatabasePool, migrate, sagaServiceMigrations } from '@saga-shop/platform';
import { createScratchPool, type ScratchPool } from '@saga-shop/testing';
import type { FulfilmentBatch } from '../src/application/fulfilment-batch.js';
import { PackingDispatcher } from '../src/application/packing-dispatcher.js';
import { onOrderCancelled } from '../src/application/reactions/on-order-cancelled.js';
import { onPaymentCaptured } from '../src/application/reactions/on-payment-captured.js';
import { FulfilmentDatabase } from '../src/persistence/fulfilment-database.js';
import { FulfilmentWorkingSet } from '../src/persistence/fulfilment-working-set.js';

export function captured(country = 'FR'): SagaEvent<'payment.captured.v1'> {
  const data = structuredClone(events['payment.captured.v1'].example);
  return newEvent('payment.captured.v1', {
    ...data,
    orderId: randomUUID(),
    shippingAddress: { ...data.shippingAddress, country },
  });
}

export function cancelled(orderId: string): SagaEvent<'order.cancelled.v1'> {
  return newEvent('order.cancelled.v1', {
    orderId,
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: new Date().toISOString(),
  });
}

/** What the Nest consumer's @SagaReaction methods do, with the configured packing time. */
function reactWith(dispatchDelayMs: number) {
  return (event: AnySagaEvent, batch: FulfilmentBatch): SagaEvent[] => {
    if (event.type === 'payment.captured.v1') return onPaymentCaptured(batch, event, dispatchDelayMs);
    if (event.type === 'order.cancelled.v1') return onOrderCancelled(batch, event);
    throw new Error(`fulfilment does not consume ${event.type}`);
  };
}

/** A point where a batch's transaction stops, before one of its statements, until the test goes on. */
export class Pause {
  private reach!: () => void;
  private release!: () => void;
  /** Resolves once the transaction waits here. */
  readonly reached = new Promise<void>((resolve) => (this.reach = resolve));
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  constructor(readonly beforeStatement: string) {}

  wait(): Promise<void> {
    this.reach();
    return this.released;
  }

  goOn(): void {
    this.release();
  }
}

function pausedAt(tx: SagaTransaction, pause: Pause): SagaTransaction {
  const query = tx.query.bind(tx);
  tx.query = async (statement, values) => {
    if (statement.name === pause.beforeStatement) await pause.wait();
    return query(statement, values);
  };
  return tx;
}

/**
 * The fulfilment reactions against a migrated scratch schema, with the pieces the Nest consumer
 * wires (a TransactionRunner, the FulfilmentWorkingSet, the reactions) and a PackingDispatcher
 * that only dispatches when told. `handle` runs one batch exactly as the consumer commits a fetch.
 */
export class FulfilmentHarness {
  readonly runner: TransactionRunner;
  readonly dispatcher: PackingDispatcher;
  private readonly workingSet = new FulfilmentWorkingSet();

  private constructor(
    readonly database: FulfilmentDatabase,
    private readonly scratch: ScratchPool,
  ) {
    this.runner = new TransactionRunner({ pool: scratch.pool });
    // Never bootstrapped: its periodic task stays off, the tests call dispatchDue themselves.
    this.dispatcher = new PackingDispatcher(this.runner as never, {
      dispatchDelayMs: 1,
      dispatchIntervalMs: 1_000,
    });
  }

  static async open(poolSize = 10): Promise<FulfilmentHarness> {
    const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const scratch = await createScratchPool(
      (url, schema) => migrate(url, sagaServiceMigrations(migrations), schema),
      poolSize,
    );
    return new FulfilmentHarness(new FulfilmentDatabase(scratch.pool as DatabasePool), scratch);
  }

  get pool() {
    return this.scratch.pool;
  }

  async close(): Promise<void> {
    await this.database.$disconnect();
    await this.scratch.drop();
  }

  /**
   * One batch, in this order, in one transaction; captures pack for `dispatchDelayMs` first. With
   * a `pause`, the transaction stops before that statement until the test lets it go on.
   */
  handle(batch: AnySagaEvent[], dispatchDelayMs = 0, pause?: Pause) {
    const react = reactWith(dispatchDelayMs);
    return handleBatchOnce(
      this.runner,
      {
        apply: (tx, consumed) =>
          applyBatch(pause ? pausedAt(tx, pause) : tx, consumed, this.workingSet, react),
      },
      batch,
    );
  }

  /** The order's shipment statuses, its decision, and what fulfilment emitted for it. */
  async outcome(orderId: string) {
    const shipments = await this.database.shipment.findMany({ where: { orderId } });
    const decision = await this.database.fulfilmentDecision.findUnique({ where: { orderId } });
    const outbox = await this.database.outbox.findMany({
      where: { messageKey: orderId },
      orderBy: { id: 'asc' },
    });
    return {
      shipments: shipments.map((shipment) => shipment.status),
      decision: decision?.outcome,
      emitted: outbox.map((row) => {
        const payload = JSON.parse(row.payload) as { reason?: string; shipmentId?: string };
        return { topic: row.topic, reason: payload.reason, shipmentId: payload.shipmentId };
      }),
    };
  }

  async shipmentIdOf(orderId: string): Promise<string> {
    return (await this.database.shipment.findUniqueOrThrow({ where: { orderId } })).id;
  }
}
