import { EventPattern, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, handleOnce } from '@saga-shop/messaging';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../application/reactions/on-fulfilment-shipped.js';
import { onInventoryRejected } from '../application/reactions/on-inventory-rejected.js';
import { onInventoryReleased } from '../application/reactions/on-inventory-released.js';
import { onInventoryReserved } from '../application/reactions/on-inventory-reserved.js';
import { onPaymentCaptured } from '../application/reactions/on-payment-captured.js';
import { onPaymentDeclined } from '../application/reactions/on-payment-declined.js';
import { onPaymentRefunded } from '../application/reactions/on-payment-refunded.js';
import { OrderDatabase, type OrderTx } from '../persistence/order-database.js';

type Reaction<Event> = (tx: OrderTx, event: Event) => Promise<void>;

/** Thin: each event is deduplicated by the inbox and handled in one transaction with its effect. */
@SagaConsumer()
export class OrderConsumer {
  constructor(private readonly database: OrderDatabase) {}

  private handle<Event extends SagaEvent>(event: Event, reaction: Reaction<Event>) {
    return handleOnce(this.database.transaction, event, (tx) => reaction(tx, event));
  }

  @EventPattern(topics.inventoryReserved)
  inventoryReserved(@Payload() event: SagaEvent<'inventory.reserved.v1'>) {
    return this.handle(event, onInventoryReserved);
  }

  @EventPattern(topics.inventoryRejected)
  inventoryRejected(@Payload() event: SagaEvent<'inventory.rejected.v1'>) {
    return this.handle(event, onInventoryRejected);
  }

  @EventPattern(topics.inventoryReleased)
  inventoryReleased(@Payload() event: SagaEvent<'inventory.released.v1'>) {
    return this.handle(event, onInventoryReleased);
  }

  @EventPattern(topics.paymentCaptured)
  paymentCaptured(@Payload() event: SagaEvent<'payment.captured.v1'>) {
    return this.handle(event, onPaymentCaptured);
  }

  @EventPattern(topics.paymentDeclined)
  paymentDeclined(@Payload() event: SagaEvent<'payment.declined.v1'>) {
    return this.handle(event, onPaymentDeclined);
  }

  @EventPattern(topics.paymentRefunded)
  paymentRefunded(@Payload() event: SagaEvent<'payment.refunded.v1'>) {
    return this.handle(event, onPaymentRefunded);
  }

  @EventPattern(topics.fulfilmentShipped)
  fulfilmentShipped(@Payload() event: SagaEvent<'fulfilment.shipped.v1'>) {
    return this.handle(event, onFulfilmentShipped);
  }

  @EventPattern(topics.fulfilmentFailed)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>) {
    return this.handle(event, onFulfilmentFailed);
  }
}
