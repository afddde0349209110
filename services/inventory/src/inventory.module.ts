import { Module } from '@nestjs/common';
import { ProductsController } from './http/products.controller.js';
import { InventoryConsumer } from './messaging/inventory.consumer.js';
import { InventoryDatabase } from './persistence/inventory-database.js';

/** Owns the catalog, stock and reservations; health, metrics, logging, the pool and the relay come from the platform. */
@Module({
  controllers: [ProductsController, InventoryConsumer],
  providers: [InventoryDatabase],
})
export class InventoryModule {}
