import { Injectable } from '@nestjs/common';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { SagaTransaction, WorkingSet } from '@saga-shop/messaging';
import { OrderBatch } from '../application/order-batch.js';
import { sagaMetrics } from '../application/saga-metrics.js';
import { appendHistory, lockOrdersOf, saveOrders } from './order-sql.js';

/** Loads the orders of a batch locked, saves what the reactions changed: four statements a batch. */
@Injectable()
export class OrderWorkingSet implements WorkingSet<OrderBatch> {
  async load(tx: SagaTransaction, events: readonly AnySagaEvent[]): Promise<OrderBatch> {
    const orders = await lockOrdersOf(
      tx,
      events.map((event) => event.orderId),
    );
    return new OrderBatch(new Map(orders.map((order) => [order.id, order])));
  }

  async save(tx: SagaTransaction, batch: OrderBatch): Promise<void> {
    await saveOrders(tx, [...batch.changed]);
    await appendHistory(tx, batch.history);
  }

  /** Counted once committed, so a rolled-back batch never counts an outcome. */
  async afterCommit(batch: OrderBatch): Promise<void> {
    for (const { status, reason, secondsToTerminal } of batch.finished) {
      sagaMetrics.outcomes.inc({ status, reason });
      sagaMetrics.timeToTerminal.observe({ status }, secondsToTerminal);
    }
  }
}
