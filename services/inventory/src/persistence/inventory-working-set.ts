import { Injectable } from '@nestjs/common';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { SagaTransaction, WorkingSet } from '@saga-shop/messaging';
import { InventoryBatch } from '../application/inventory-batch.js';
import {
  insertReservations,
  lockProductsOf,
  lockReservationsOf,
  saveReservationStatuses,
  saveStock,
} from './inventory-sql.js';

/**
 * Loads what a batch can touch, locked: the reservations of its orders, then every product an
 * order.placed asks for or a live reservation holds. Saves the new and changed reservations and
 * the moved stock. Five statements a batch, whatever its size.
 */
@Injectable()
export class InventoryWorkingSet implements WorkingSet<InventoryBatch> {
  async load(tx: SagaTransaction, events: readonly AnySagaEvent[]): Promise<InventoryBatch> {
    const reservations = await lockReservationsOf(
      tx,
      events.map((event) => event.orderId),
    );
    const skus = new Set<string>();
    for (const event of events) {
      if (event.type === 'order.placed.v1') for (const line of event.data.items) skus.add(line.sku);
    }
    for (const reservation of reservations) {
      if (reservation.status === 'LIVE') for (const line of reservation.lines) skus.add(line.sku);
    }
    const products = skus.size > 0 ? await lockProductsOf(tx, [...skus]) : [];
    return new InventoryBatch(
      new Map(reservations.map((reservation) => [reservation.orderId, reservation])),
      new Map(products.map((product) => [product.sku, product])),
    );
  }

  async save(tx: SagaTransaction, batch: InventoryBatch): Promise<void> {
    await insertReservations(tx, [...batch.created]);
    await saveReservationStatuses(tx, [...batch.changed]);
    await saveStock(tx, [...batch.movedProducts]);
  }
}
