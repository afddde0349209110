import { Module } from '@nestjs/common';
import { ShipmentsController } from './http/shipments.controller.js';
import { FulfilmentConsumer } from './messaging/fulfilment.consumer.js';
import { FulfilmentDatabase } from './persistence/fulfilment-database.js';

/** Ships paid orders; health, metrics, logging, the pool and the relay come from the platform. */
@Module({
  controllers: [ShipmentsController, FulfilmentConsumer],
  providers: [FulfilmentDatabase],
})
export class FulfilmentModule {}
