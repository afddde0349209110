import { EventPattern, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, handleOnce } from '@saga-shop/messaging';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../application/reactions/on-fulfilment-shipped.js';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { onOrderPlaced } from '../application/reactions/on-order-placed.js';
import { onPaymentDeclined } from '../application/reactions/on-payment-declined.js';
import { InventoryDatabase } from '../persistence/inventory-database.js';

/** Thin: each event is deduplicated by the inbox and handled in one transaction with its effect. */
@SagaConsumer()
export class InventoryConsumer {
  constructor(private readonly database: InventoryDatabase) {}

  @EventPattern(topics.orderPlaced)
  orderPlaced(@Payload() event: SagaEvent<'order.placed.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderPlaced(tx, event));
  }

  @EventPattern(topics.paymentDeclined)
  paymentDeclined(@Payload() event: SagaEvent<'payment.declined.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onPaymentDeclined(tx, event));
  }

  @EventPattern(topics.fulfilmentFailed)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onFulfilmentFailed(tx, event));
  }

  @EventPattern(topics.fulfilmentShipped)
  fulfilmentShipped(@Payload() event: SagaEvent<'fulfilment.shipped.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onFulfilmentShipped(tx, event));
  }

  @EventPattern(topics.orderCancelled)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderCancelled(tx, event));
  }
}
