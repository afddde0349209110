// Consumes payment.declined.v1; emits inventory.released.v1 when it released a live reservation;
// compensates the reservation (release stock).
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import type { InventoryBatch } from '../inventory-batch.js';
import { closeIfUnreserved, settleReservation } from '../settle-reservation.js';

export function onPaymentDeclined(
  batch: InventoryBatch,
  event: SagaEvent<'payment.declined.v1'>,
): SagaEvent[] {
  const { orderId, reason } = event.data;
  // Declined before we ever reserved: close the order so a late order.placed reserves nothing.
  if (closeIfUnreserved(batch, orderId)) return [];
  const lines = settleReservation(batch, orderId, 'RELEASED');
  if (!lines) return [];
  const cause = reason === 'ORDER_CANCELLED' ? 'ORDER_CANCELLED' : 'PAYMENT_DECLINED';
  return [newEvent('inventory.released.v1', { orderId, lines, cause })];
}
