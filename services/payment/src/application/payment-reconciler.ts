import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob, SagaTransactions } from '@saga-shop/platform';
import { PAYMENT_CONFIG, type PaymentConfig } from '../payment-config.js';
import { findUnsettled } from '../persistence/payment-sql.js';
import { PaymentSettlement } from './settle-payments.js';

/**
 * Finishes what a crash between the two halves of a payment left behind: a PENDING charge or a
 * REFUND_PENDING refund older than PAYMENT_RECONCILE_AFTER_MS is settled again. The gateway answers
 * a repeated key with its first answer (or charges now, if the crash came before the call), and the
 * recording is conditional, so racing the consumer's own settlement announces each result once.
 */
@Injectable()
export class PaymentReconciler extends PeriodicJob {
  constructor(
    private readonly transactions: SagaTransactions,
    private readonly settlement: PaymentSettlement,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
  ) {
    super('PaymentReconciler', config.reconcileIntervalMs, 'reconciliation');
  }

  protected runOnce(): Promise<number> {
    return this.reconcile();
  }

  /** Settles every payment left half-done; returns how many it found. */
  async reconcile(): Promise<number> {
    const unsettled = await findUnsettled(this.transactions, this.config.reconcileAfterMs / 1_000);
    if (unsettled.length === 0) return 0;
    this.logger.warn(`settling ${unsettled.length} payment(s) left pending`);
    await this.settlement.settle(unsettled);
    return unsettled.length;
  }
}
