import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, SagaReaction, type SagaEventContext } from '@saga-shop/messaging';
import type { FulfilmentBatch } from '../application/fulfilment-batch.js';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { onPaymentCaptured } from '../application/reactions/on-payment-captured.js';
import { FULFILMENT_CONFIG, type FulfilmentConfig } from '../fulfilment-config.js';

type Batch = SagaEventContext<FulfilmentBatch>;

/**
 * Thin: one reaction per topic, applied to the batch's decisions and shipments in memory. The
 * platform's consumer deduplicates by the inbox, and FulfilmentWorkingSet loads and saves them,
 * in one transaction.
 */
@SagaConsumer()
export class FulfilmentConsumer {
  constructor(@Inject(FULFILMENT_CONFIG) private readonly config: FulfilmentConfig) {}

  @SagaReaction(topics.paymentCapturedV1)
  paymentCaptured(@Payload() event: SagaEvent<'payment.captured.v1'>, @Ctx() batch: Batch) {
    return onPaymentCaptured(batch.state, event, this.config.dispatchDelayMs);
  }

  @SagaReaction(topics.orderCancelledV1)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>, @Ctx() batch: Batch) {
    return onOrderCancelled(batch.state, event);
  }
}
