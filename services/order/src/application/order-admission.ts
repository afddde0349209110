import { Inject, Injectable, type CanActivate } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { PeriodicJob, ProblemException, SagaTransactions } from '@saga-shop/platform';
import { ORDER_CONFIG, type OrderConfig } from '../order-config.js';
import { countOpenOrders } from '../persistence/order-sql.js';

const openOrders = new Gauge({
  name: 'saga_open_orders',
  help: 'Orders placed and not yet terminal (last count).',
});
const shed = new Counter({
  name: 'http_orders_shed_total',
  help: 'POST /orders refused with 503 because too many orders were open (nothing written).',
});

/**
 * Load shedding at the edge. Past the sustainable rate, orders accepted anyway only queue behind
 * the ones in flight and take CPU from them, until every order is late. So while the saga has more
 * open orders than ORDER_ADMISSION_MAX_OPEN, a new POST /orders is refused before its body is even
 * validated: 503, Retry-After, problem+json, nothing written, so a retry with the same
 * Idempotency-Key is safe. The open orders are counted every ORDER_ADMISSION_INTERVAL_MS (one
 * indexed count, shared by every request), across all replicas since it reads the database.
 */
@Injectable()
export class OrderAdmission extends PeriodicJob implements CanActivate {
  private open = 0;

  constructor(
    private readonly transactions: SagaTransactions,
    @Inject(ORDER_CONFIG) private readonly config: OrderConfig,
  ) {
    // When counting fails (the database is away), the last count stands, and POST fails anyway.
    super('OrderAdmission', config.admission.intervalMs, 'counting open orders');
  }

  /** Counted once before the first request, not only after the first interval. */
  protected override get runsAtStart(): boolean {
    return true;
  }

  protected runOnce(): Promise<void> {
    return this.count();
  }

  canActivate(): boolean {
    const { maxOpenOrders } = this.config.admission;
    if (this.open < maxOpenOrders) return true;
    shed.inc();
    throw new ProblemException(
      503,
      'Service Unavailable',
      `${this.open} orders are still open (the limit is ${maxOpenOrders}); nothing was written, retry later with the same Idempotency-Key.`,
      undefined,
      { 'Retry-After': '1' },
    );
  }

  private async count(): Promise<void> {
    this.open = await countOpenOrders(this.transactions);
    openOrders.set(this.open);
  }
}
