import { Module } from '@nestjs/common';
import { SAGA_WORKING_SET } from '@saga-shop/messaging';
import { OrderAdmission } from './application/order-admission.js';
import { TimeoutWatchdog } from './application/timeout-watchdog.js';
import { OrdersController } from './http/orders.controller.js';
import { OrderConsumer } from './messaging/order.consumer.js';
import { orderConfigProvider } from './order-config.js';
import { OrderDatabase } from './persistence/order-database.js';
import { OrderWorkingSet } from './persistence/order-working-set.js';

/** Takes orders over REST and keeps the saga's view of each; the platform provides the rest. */
@Module({
  controllers: [OrdersController, OrderConsumer],
  providers: [
    OrderDatabase,
    OrderAdmission,
    TimeoutWatchdog,
    orderConfigProvider,
    { provide: SAGA_WORKING_SET, useClass: OrderWorkingSet },
  ],
})
export class OrderModule {}
