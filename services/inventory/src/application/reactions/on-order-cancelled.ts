// Consumes order.cancelled.v1; emits nothing. The release itself comes with fulfilment.failed or
// payment.declined, because shipping decides whether a cancellation wins.
import type { SagaEvent } from '@saga-shop/contracts';
import type { InventoryBatch } from '../inventory-batch.js';
import { closeIfUnreserved } from '../settle-reservation.js';

/** Cancelled before we ever answered the order: close it, so a late order.placed reserves nothing. */
export function onOrderCancelled(batch: InventoryBatch, event: SagaEvent<'order.cancelled.v1'>): SagaEvent[] {
  closeIfUnreserved(batch, event.data.orderId);
  return [];
}
