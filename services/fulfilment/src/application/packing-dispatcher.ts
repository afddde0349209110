import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicTask } from '@saga-shop/platform';
import { FULFILMENT_CONFIG, type FulfilmentConfig } from '../fulfilment-config.js';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';
import { dispatchShipment } from './dispatch-shipment.js';

/**
 * Ships PACKING shipments whose packing time is over. Only runs when a dispatch delay is set.
 * SKIP LOCKED lets replicas share the work, and a concurrent cancellation holds the row lock.
 */
@Injectable()
export class PackingDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PackingDispatcher');
  private readonly task: PeriodicTask;

  constructor(
    private readonly database: FulfilmentDatabase,
    @Inject(FULFILMENT_CONFIG) private readonly config: FulfilmentConfig,
  ) {
    this.task = new PeriodicTask(
      config.dispatchIntervalMs,
      () => this.dispatchDue(),
      (error) => this.logger.warn(`dispatch failed: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.dispatchDelayMs > 0) this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  dispatchDue(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const due = await tx.$queryRawUnsafe<
        { id: string; order_id: string; tracking_number: string; trace_headers: unknown }[]
      >(
        `SELECT id, order_id, tracking_number, trace_headers FROM shipments
          WHERE status = 'PACKING' AND dispatch_after <= now()
          ORDER BY dispatch_after LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      for (const row of due) {
        await dispatchShipment(tx, {
          id: row.id,
          orderId: row.order_id,
          trackingNumber: row.tracking_number,
          traceHeaders: row.trace_headers,
        });
      }
      return due.length;
    });
  }
}
