import { EventPattern, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, handleOnce } from '@saga-shop/messaging';
import { onFulfilmentFailed } from '../application/reactions/on-fulfilment-failed.js';
import { onInventoryReserved } from '../application/reactions/on-inventory-reserved.js';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { CardGateway } from '../domain/card-gateway.js';
import { PaymentDatabase } from '../persistence/payment-database.js';

/** Thin: each event is deduplicated by the inbox and handled in one transaction with its effect. */
@SagaConsumer()
export class PaymentConsumer {
  constructor(
    private readonly database: PaymentDatabase,
    private readonly gateway: CardGateway,
  ) {}

  @EventPattern(topics.inventoryReserved)
  inventoryReserved(@Payload() event: SagaEvent<'inventory.reserved.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onInventoryReserved(tx, event, this.gateway));
  }

  @EventPattern(topics.fulfilmentFailed)
  fulfilmentFailed(@Payload() event: SagaEvent<'fulfilment.failed.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onFulfilmentFailed(tx, event, this.gateway));
  }

  @EventPattern(topics.orderCancelled)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderCancelled(tx, event));
  }
}
