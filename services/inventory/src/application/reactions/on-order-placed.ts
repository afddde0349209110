// Consumes order.placed.v1; emits inventory.reserved.v1 or inventory.rejected.v1.
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import type { InventoryBatch } from '../inventory-batch.js';
import { reserveOrder } from '../reserve-order.js';

export function onOrderPlaced(batch: InventoryBatch, event: SagaEvent<'order.placed.v1'>): SagaEvent[] {
  const { orderId, items, paymentMethod, shippingAddress } = event.data;
  const previous = batch.reservation(orderId);
  if (previous) {
    // Cancelled before it reached us: answer it, but reserve nothing. Any other status: this
    // order already had its one answer.
    if (previous.status !== 'CLOSED') return [];
    batch.setStatus(previous, 'REJECTED');
    return [newEvent('inventory.rejected.v1', { orderId, reason: 'ORDER_CANCELLED', unavailable: [] })];
  }
  const decision = reserveOrder(batch, orderId, items);
  if (!decision.reserve) {
    const { reason, unavailable } = decision;
    return [newEvent('inventory.rejected.v1', { orderId, reason, unavailable })];
  }
  const { lines, totalCents, currency } = decision;
  return [
    newEvent('inventory.reserved.v1', {
      orderId,
      lines,
      totalCents,
      currency,
      paymentMethod,
      shippingAddress,
    }),
  ];
}
