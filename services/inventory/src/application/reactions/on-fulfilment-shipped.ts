// Consumes fulfilment.shipped.v1; emits nothing (the live reservation becomes a sale).
import type { SagaEvent } from '@saga-shop/contracts';
import type { InventoryBatch } from '../inventory-batch.js';
import { settleReservation } from '../settle-reservation.js';

/** Only a LIVE reservation is sold; any other state means this was handled or never applies. */
export function onFulfilmentShipped(
  batch: InventoryBatch,
  event: SagaEvent<'fulfilment.shipped.v1'>,
): SagaEvent[] {
  settleReservation(batch, event.data.orderId, 'SOLD');
  return [];
}
