// Consumes payment.declined.v1; emits inventory.released.v1 when it released a live reservation;
// compensates the reservation (release stock).
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { InventoryTx } from '../../persistence/inventory-database.js';
import { closeIfUnreserved, settleReservation } from '../settle-reservation.js';

export async function onPaymentDeclined(tx: InventoryTx, event: SagaEvent<'payment.declined.v1'>) {
  const { orderId, reason } = event.data;
  // Declined before we ever reserved: close the order so a late order.placed reserves nothing.
  if (await closeIfUnreserved(tx, orderId)) return;
  const lines = await settleReservation(tx, orderId, 'RELEASED');
  if (!lines) return;
  const cause = reason === 'ORDER_CANCELLED' ? 'ORDER_CANCELLED' : 'PAYMENT_DECLINED';
  await addToOutbox(tx, newEvent('inventory.released.v1', { orderId, lines, cause }));
}
