import { Module } from '@nestjs/common';
import { SAGA_WORKING_SET } from '@saga-shop/messaging';
import { PaymentReconciler } from './application/payment-reconciler.js';
import { PaymentSettlement } from './application/settle-payments.js';
import { CARD_GATEWAY } from './domain/card-gateway.js';
import { SimulatedCardGateway } from './gateway/simulated-card-gateway.js';
import { PaymentsController } from './http/payments.controller.js';
import { PaymentConsumer } from './messaging/payment.consumer.js';
import { paymentConfigProvider } from './payment-config.js';
import { PaymentDatabase } from './persistence/payment-database.js';
import { PaymentWorkingSet } from './persistence/payment-working-set.js';

/**
 * Charges reserved orders and refunds failed ones, through the card gateway port (a simulated
 * gateway with its own ledger here); health, metrics, logging, the pool and the relay come from
 * the platform.
 */
@Module({
  controllers: [PaymentsController, PaymentConsumer],
  providers: [
    PaymentDatabase,
    PaymentSettlement,
    PaymentReconciler,
    paymentConfigProvider,
    { provide: CARD_GATEWAY, useClass: SimulatedCardGateway },
    { provide: SAGA_WORKING_SET, useClass: PaymentWorkingSet },
  ],
})
export class PaymentModule {}
