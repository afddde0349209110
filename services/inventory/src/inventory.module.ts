import { Module } from '@nestjs/common';
import { SAGA_WORKING_SET } from '@saga-shop/messaging';
import { ProductsController } from './http/products.controller.js';
import { InventoryConsumer } from './messaging/inventory.consumer.js';
import { InventoryDatabase } from './persistence/inventory-database.js';
import { InventoryWorkingSet } from './persistence/inventory-working-set.js';

/** Owns the catalog, stock and reservations; health, metrics, logging, the pool and the relay come from the platform. */
@Module({
  controllers: [ProductsController, InventoryConsumer],
  providers: [InventoryDatabase, { provide: SAGA_WORKING_SET, useClass: InventoryWorkingSet }],
})
export class InventoryModule {}
