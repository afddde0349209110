import { Module } from '@nestjs/common';
import { CardGateway } from './domain/card-gateway.js';
import { PaymentsController } from './http/payments.controller.js';
import { PaymentConsumer } from './messaging/payment.consumer.js';
import { PaymentDatabase } from './persistence/payment-database.js';

/**
 * Charges reserved orders and refunds failed ones; health, metrics, logging, the pool and the relay
 * come from the platform. One CardGateway per process: it holds the simulated gateway's state.
 */
@Module({
  controllers: [PaymentsController, PaymentConsumer],
  providers: [PaymentDatabase, CardGateway],
})
export class PaymentModule {}
