import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicTask } from '@saga-shop/platform';
import { ORDER_CONFIG, type OrderConfig } from '../order-config.js';
import { OrderDatabase } from '../persistence/order-database.js';
import { requestCancellation } from './request-cancellation.js';

/**
 * Cancels (reason TIMEOUT) orders that reached no terminal state in time, so no order waits forever
 * on a step that will not answer. SKIP LOCKED lets several replicas run it without doing work twice.
 */
@Injectable()
export class TimeoutWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimeoutWatchdog');
  private readonly task: PeriodicTask;

  constructor(
    private readonly database: OrderDatabase,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {
    this.task = new PeriodicTask(
      config.watchdogIntervalMs,
      () => this.sweep(),
      (error) => this.logger.warn(`sweep failed: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Requests cancellation of every overdue order; returns how many. */
  sweep(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const overdue = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM orders
          WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND cancellation_requested IS NULL
            AND created_at < now() - make_interval(secs => $1)
          ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
        this.config.sagaTimeoutMs / 1_000,
      );
      for (const { id } of overdue) await requestCancellation(tx, id, 'TIMEOUT');
      if (overdue.length > 0) this.logger.log(`timed out ${overdue.length} order(s)`);
      return overdue.length;
    });
  }
}
