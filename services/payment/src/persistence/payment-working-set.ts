import { Injectable } from '@nestjs/common';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { SagaTransaction, WorkingSet } from '@saga-shop/messaging';
import { PaymentBatch } from '../application/payment-batch.js';
import { PaymentSettlement } from '../application/settle-payments.js';
import { insertPaymentRows, lockPaymentsOf, savePaymentStatuses } from './payment-sql.js';

/**
 * Loads the payments of a batch's orders locked, saves the new and changed ones; once the batch
 * committed, settles the charges and refunds it asked for with the gateway.
 */
@Injectable()
export class PaymentWorkingSet implements WorkingSet<PaymentBatch> {
  constructor(private readonly settlement: PaymentSettlement) {}

  async load(tx: SagaTransaction, events: readonly AnySagaEvent[]): Promise<PaymentBatch> {
    const payments = await lockPaymentsOf(
      tx,
      events.map((event) => event.orderId),
    );
    return new PaymentBatch(new Map(payments.map((payment) => [payment.orderId, payment])));
  }

  async save(tx: SagaTransaction, batch: PaymentBatch): Promise<void> {
    await insertPaymentRows(tx, [...batch.created]);
    await savePaymentStatuses(tx, [...batch.changed]);
  }

  async afterCommit(batch: PaymentBatch): Promise<void> {
    await this.settlement.settle(batch.toSettle());
  }
}
