import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, SagaReaction, type SagaEventContext } from '@saga-shop/messaging';
import type { OrderBatch } from '../application/order-batch.js';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../application/reactions/on-fulfilment-shipped.js';
import { onInventoryRejected } from '../application/reactions/on-inventory-rejected.js';
import { onInventoryReleased } from '../application/reactions/on-inventory-released.js';
import { onInventoryReserved } from '../application/reactions/on-inventory-reserved.js';
import { onPaymentCaptured } from '../application/reactions/on-payment-captured.js';
import { onPaymentDeclined } from '../application/reactions/on-payment-declined.js';
import { onPaymentRefunded } from '../application/reactions/on-payment-refunded.js';

type Batch = SagaEventContext<OrderBatch>;

/**
 * Thin: one reaction per topic, applied to the batch's orders in memory. The platform's consumer
 * deduplicates by the inbox, and OrderWorkingSet loads and saves the orders, in one transaction.
 */
@SagaConsumer()
export class OrderConsumer {
  @SagaReaction(topics.inventoryReservedV1)
  inventoryReserved(@Payload() event: SagaEvent<'inventory.reserved.v1'>, @Ctx() batch: Batch) {
    onInventoryReserved(batch.state, event);
  }

  @SagaReaction(topics.inventoryRejectedV1)
  inventoryRejected(@Payload() event: SagaEvent<'inventory.rejected.v1'>, @Ctx() batch: Batch) {
    onInventoryRejected(batch.state, event);
  }

  @SagaReaction(topics.inventoryReleasedV1)
  inventoryReleased(@Payload() event: SagaEvent<'inventory.released.v1'>, @Ctx() batch: Batch) {
    onInventoryReleased(batch.state, event);
  }

  @SagaReaction(topics.paymentCapturedV1)
  paymentCaptured(@Payload() event: SagaEvent<'payment.captured.v1'>, @Ctx() batch: Batch) {
    onPaymentCaptured(batch.state, event);
  }

  @SagaReaction(topics.paymentDeclinedV1)
  paymentDeclined(@Payload() event: SagaEvent<'payment.declined.v1'>, @Ctx() batch: Batch) {
    onPaymentDeclined(batch.state, event);
  }

  @SagaReaction(topics.paymentRefundedV1)
  paymentRefunded(@Payload() event: SagaEvent<'payment.refunded.v1'>, @Ctx() batch: Batch) {
    onPaymentRefunded(batch.state, event);
  }

  @SagaReaction(topics.fulfilmentShippedV1)
  fulfilmentShipped(@Payload() event: SagaEvent<'fulfilment.shipped.v1'>, @Ctx() batch: Batch) {
    onFulfilmentShipped(batch.state, event);
  }

  @SagaReaction(topics.fulfilmentFailedV1)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>, @Ctx() batch: Batch) {
    onFulfilmentFailed(batch.state, event);
  }
}
