import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, SagaReaction, type SagaEventContext } from '@saga-shop/messaging';
import type { PaymentBatch } from '../application/payment-batch.js';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onInventoryReserved } from '../application/reactions/on-inventory-reserved.js';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';

type Batch = SagaEventContext<PaymentBatch>;

/**
 * Thin: one reaction per topic, applied to the batch's payments in memory. The platform's consumer
 * deduplicates by the inbox, and PaymentWorkingSet loads and saves them, in one transaction, then
 * settles with the gateway.
 */
@SagaConsumer()
export class PaymentConsumer {
  @SagaReaction(topics.inventoryReservedV1)
  inventoryReserved(@Payload() event: SagaEvent<'inventory.reserved.v1'>, @Ctx() batch: Batch) {
    return onInventoryReserved(batch.state, event);
  }

  @SagaReaction(topics.fulfilmentFailedV1)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>, @Ctx() batch: Batch) {
    return onFulfilmentFailed(batch.state, event);
  }

  @SagaReaction(topics.orderCancelledV1)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>, @Ctx() batch: Batch) {
    return onOrderCancelled(batch.state, event);
  }
}
