import type { OrderLine } from '@saga-shop/contracts';
import { releaseStock, sellStock } from '../domain/stock.js';
import type { InventoryBatch } from './inventory-batch.js';

const settlements = { RELEASED: releaseStock, SOLD: sellStock } as const;

/**
 * Ends a LIVE reservation as RELEASED (stock back to available) or SOLD (stock leaves reserved).
 * Returns the lines it settled, or undefined when the order's reservation was not LIVE: already
 * settled, rejected, or never made, so a repeated or premature compensation changes nothing.
 */
export function settleReservation(
  batch: InventoryBatch,
  orderId: string,
  outcome: keyof typeof settlements,
): OrderLine[] | undefined {
  const reservation = batch.reservation(orderId);
  if (reservation?.status !== 'LIVE') return undefined;
  batch.setStatus(reservation, outcome);
  const lines = reservation.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  for (const line of lines) batch.move(line, settlements[outcome]);
  return lines;
}

/**
 * Records that an order was cancelled or compensated before inventory ever answered it (a CLOSED
 * tombstone), so its late order.placed is rejected. Returns false when the order already had one.
 */
export function closeIfUnreserved(batch: InventoryBatch, orderId: string): boolean {
  if (batch.reservation(orderId)) return false;
  batch.create({ orderId, status: 'CLOSED', lines: [], totalCents: null, currency: null });
  return true;
}
