import { context } from '@opentelemetry/api';
import { Inject, Injectable } from '@nestjs/common';
import { contextFromHeaders } from '@saga-shop/messaging';
import { PeriodicJob, SagaTransactions } from '@saga-shop/platform';
import { FULFILMENT_CONFIG, type FulfilmentConfig } from '../fulfilment-config.js';
import { lockDueShipments, saveDecisions, saveShipmentStatuses } from '../persistence/fulfilment-sql.js';
import { shippedEvent } from './shipped-event.js';

/**
 * Ships PACKING shipments whose packing time is over. Only runs when a dispatch delay is set.
 * It locks the shipment rows first, as the consumer does: a cancellation of the same order waits
 * for the dispatch (and then finds it shipped), or holds the row and the dispatch skips it.
 */
@Injectable()
export class PackingDispatcher extends PeriodicJob {
  constructor(
    private readonly transactions: SagaTransactions,
    @Inject(FULFILMENT_CONFIG) private readonly config: FulfilmentConfig,
  ) {
    super('PackingDispatcher', config.dispatchIntervalMs, 'dispatch');
  }

  protected override get enabled(): boolean {
    return this.config.dispatchDelayMs > 0;
  }

  protected runOnce(): Promise<number> {
    return this.dispatchDue();
  }

  dispatchDue(): Promise<number> {
    return this.transactions.run(async (tx) => {
      const due = await lockDueShipments(tx);
      if (due.length === 0) return 0;
      for (const shipment of due) shipment.status = 'SHIPPED';
      await saveShipmentStatuses(tx, due);
      await saveDecisions(
        tx,
        due.map((shipment) => ({ orderId: shipment.orderId, outcome: 'SHIPPED', reason: null })),
      );
      // A delayed dispatch runs outside the capture's handling: continue the trace it stored.
      for (const shipment of due) {
        context.with(contextFromHeaders(shipment.traceHeaders), () => tx.publish(shippedEvent(shipment)));
      }
      return due.length;
    });
  }
}
