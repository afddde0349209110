import { Module } from '@nestjs/common';
import { TimeoutWatchdog } from './application/timeout-watchdog.js';
import { OrdersController } from './http/orders.controller.js';
import { OrderConsumer } from './messaging/order.consumer.js';
import { orderConfigProvider } from './order-config.js';
import { OrderDatabase } from './persistence/order-database.js';

/** Takes orders over REST and keeps the saga's view of each; the platform provides the rest. */
@Module({
  controllers: [OrdersController, OrderConsumer],
  providers: [OrderDatabase, TimeoutWatchdog, orderConfigProvider],
})
export class OrderModule {}
