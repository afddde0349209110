// Consumes order.placed.v1; emits inventory.reserved.v1 or inventory.rejected.v1.
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { ReservationStatus } from '../../domain/reservation-status.js';
import type { InventoryTx } from '../../persistence/inventory-database.js';
import { reserveOrder } from '../reserve-order.js';

export async function onOrderPlaced(tx: InventoryTx, event: SagaEvent<'order.placed.v1'>) {
  const { orderId, items, paymentMethod, shippingAddress } = event.data;
  const previous = await tx.reservation.findUnique({ where: { orderId } });
  if (previous) {
    if (previous.status === ('CLOSED' satisfies ReservationStatus)) await rejectCancelled(tx, orderId);
    // Any other status: this order already had its one answer.
    return;
  }
  const decision = await reserveOrder(tx, orderId, items);
  if (!decision.reserve) {
    const { reason, unavailable } = decision;
    await addToOutbox(tx, newEvent('inventory.rejected.v1', { orderId, reason, unavailable }));
    return;
  }
  const { lines, totalCents, currency } = decision;
  await addToOutbox(
    tx,
    newEvent('inventory.reserved.v1', {
      orderId,
      lines,
      totalCents,
      currency,
      paymentMethod,
      shippingAddress,
    }),
  );
}

/** The order was cancelled before it reached us: answer it, but reserve nothing. */
async function rejectCancelled(tx: InventoryTx, orderId: string) {
  await tx.reservation.update({
    where: { orderId },
    data: { status: 'REJECTED' satisfies ReservationStatus, updatedAt: new Date() },
  });
  await addToOutbox(
    tx,
    newEvent('inventory.rejected.v1', { orderId, reason: 'ORDER_CANCELLED', unavailable: [] }),
  );
}
