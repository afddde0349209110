import { Module } from '@nestjs/common';
import { SAGA_WORKING_SET } from '@saga-shop/messaging';
import { PackingDispatcher } from './application/packing-dispatcher.js';
import { fulfilmentConfigProvider } from './fulfilment-config.js';
import { ShipmentsController } from './http/shipments.controller.js';
import { FulfilmentConsumer } from './messaging/fulfilment.consumer.js';
import { FulfilmentDatabase } from './persistence/fulfilment-database.js';
import { FulfilmentWorkingSet } from './persistence/fulfilment-working-set.js';

/** Ships paid orders; health, metrics, logging, the pool and the relay come from the platform. */
@Module({
  controllers: [ShipmentsController, FulfilmentConsumer],
  providers: [
    FulfilmentDatabase,
    PackingDispatcher,
    fulfilmentConfigProvider,
    { provide: SAGA_WORKING_SET, useClass: FulfilmentWorkingSet },
  ],
})
export class FulfilmentModule {}
