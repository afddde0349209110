import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, SagaReaction, type SagaEventContext } from '@saga-shop/messaging';
import type { InventoryBatch } from '../application/inventory-batch.js';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../application/reactions/on-fulfilment-shipped.js';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { onOrderPlaced } from '../application/reactions/on-order-placed.js';
import { onPaymentDeclined } from '../application/reactions/on-payment-declined.js';

type Batch = SagaEventContext<InventoryBatch>;

/**
 * Thin: one reaction per topic, applied to the batch's reservations and stock in memory. The
 * platform's consumer deduplicates by the inbox, and InventoryWorkingSet loads and saves them,
 * in one transaction.
 */
@SagaConsumer()
export class InventoryConsumer {
  @SagaReaction(topics.orderPlacedV1)
  orderPlaced(@Payload() event: SagaEvent<'order.placed.v1'>, @Ctx() batch: Batch) {
    return onOrderPlaced(batch.state, event);
  }

  @SagaReaction(topics.paymentDeclinedV1)
  paymentDeclined(@Payload() event: SagaEvent<'payment.declined.v1'>, @Ctx() batch: Batch) {
    return onPaymentDeclined(batch.state, event);
  }

  @SagaReaction(topics.fulfilmentFailedV1)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>, @Ctx() batch: Batch) {
    return onFulfilmentFailed(batch.state, event);
  }

  @SagaReaction(topics.fulfilmentShippedV1)
  fulfilmentShipped(@Payload() event: SagaEvent<'fulfilment.shipped.v1'>, @Ctx() batch: Batch) {
    return onFulfilmentShipped(batch.state, event);
  }

  @SagaReaction(topics.orderCancelledV1)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>, @Ctx() batch: Batch) {
    return onOrderCancelled(batch.state, event);
  }
}
