// Consumes fulfilment.shipped.v1; emits nothing (the live reservation becomes a sale).
import type { SagaEvent } from '@saga-shop/contracts';
import type { InventoryTx } from '../../persistence/inventory-database.js';
import { settleReservation } from '../settle-reservation.js';

/** Only a LIVE reservation is sold; any other state means this was handled or never applies. */
export async function onFulfilmentShipped(tx: InventoryTx, event: SagaEvent<'fulfilment.shipped.v1'>) {
  await settleReservation(tx, event.data.orderId, 'SOLD');
}
