import { EventPattern, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, handleOnce } from '@saga-shop/messaging';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { onPaymentCaptured } from '../application/reactions/on-payment-captured.js';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';

/** Thin: each event is deduplicated by the inbox and handled in one transaction with its effect. */
@SagaConsumer()
export class FulfilmentConsumer {
  constructor(private readonly database: FulfilmentDatabase) {}

  @EventPattern(topics.paymentCaptured)
  paymentCaptured(@Payload() event: SagaEvent<'payment.captured.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onPaymentCaptured(tx, event));
  }

  @EventPattern(topics.orderCancelled)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderCancelled(tx, event));
  }
}
