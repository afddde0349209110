import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob, SagaTransactions } from '@saga-shop/platform';
import { ORDER_CONFIG, type OrderConfig } from '../order-config.js';
import { lockOverdueOrders, lockUnansweredCancellations } from '../persistence/order-sql.js';
import { requestCancellation } from './request-cancellation.js';
import { sagaMetrics } from './saga-metrics.js';

/**
 * Cancels (reason TIMEOUT) orders that reached no terminal state in time, so no order waits forever
 * on a step that will not answer; and announces a cancellation again when the saga left it
 * unanswered for another timeout (its answer lost, say). SKIP LOCKED lets several replicas run it
 * without doing work twice.
 */
@Injectable()
export class TimeoutWatchdog extends PeriodicJob {
  constructor(
    private readonly transactions: SagaTransactions,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {
    super('TimeoutWatchdog', config.watchdogIntervalMs, 'sweep');
  }

  protected runOnce(): Promise<number> {
    return this.sweep();
  }

  /** Requests cancellation of every overdue order and resends unanswered ones; returns how many. */
  sweep(): Promise<number> {
    const timeoutSeconds = this.config.sagaTimeoutMs / 1_000;
    return this.transactions.run(async (tx) => {
      const overdue = await lockOverdueOrders(tx, timeoutSeconds);
      for (const orderId of overdue) await requestCancellation(tx, orderId, 'TIMEOUT');
      const unanswered = await lockUnansweredCancellations(tx, timeoutSeconds);
      for (const { id, reason } of unanswered) await requestCancellation(tx, id, reason, { resend: true });
      if (overdue.length > 0) this.logger.log(`timed out ${overdue.length} order(s)`);
      if (unanswered.length > 0) {
        sagaMetrics.cancellationsResent.inc(unanswered.length);
        this.logger.warn(`announced ${unanswered.length} unanswered cancellation(s) again`);
      }
      return overdue.length + unanswered.length;
    });
  }
}
