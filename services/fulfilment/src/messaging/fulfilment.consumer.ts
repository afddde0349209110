import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topics, type SagaEvent } from '@saga-shop/contracts';
import { SagaConsumer, handleOnce } from '@saga-shop/messaging';
import { onOrderCancelled } from '../application/reactions/on-order-cancelled.js';
import { onPaymentCaptured } from '../application/reactions/on-payment-captured.js';
import { FULFILMENT_CONFIG, type FulfilmentConfig } from '../fulfilment-config.js';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';

/** Thin: each event is deduplicated by the inbox and handled in one transaction with its effect. */
@SagaConsumer()
export class FulfilmentConsumer {
  constructor(
    private readonly database: FulfilmentDatabase,
    @Inject(FULFILMENT_CONFIG) private readonly config: FulfilmentConfig,
  ) {}

  @EventPattern(topics.paymentCaptured)
  paymentCaptured(@Payload() event: SagaEvent<'payment.captured.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) =>
      onPaymentCaptured(tx, event, this.config.dispatchDelayMs),
    );
  }

  @EventPattern(topics.orderCancelled)
  orderCancelled(@Payload() event: SagaEvent<'order.cancelled.v1'>) {
    return handleOnce(this.database.transaction, event, (tx) => onOrderCancelled(tx, event));
  }
}
