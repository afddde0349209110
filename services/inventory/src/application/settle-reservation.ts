import { z } from 'zod';
import { pricedLine, type OrderLine } from '@saga-shop/contracts';
import type { ReservationStatus } from '../domain/reservation-status.js';
import { releaseStock, sellStock } from '../domain/stock.js';
import type { InventoryTx } from '../persistence/inventory-database.js';
import { lockProducts, moveStock } from '../persistence/product-stock.js';

const settlements = { RELEASED: releaseStock, SOLD: sellStock } as const;
const reservedLines = z.array(pricedLine);

/**
 * Ends a LIVE reservation as RELEASED (stock back to available) or SOLD (stock leaves reserved).
 * Returns the lines it settled, or undefined when no reservation of the order was LIVE: already
 * settled, rejected, or never made, so a repeated or premature compensation changes nothing.
 */
export async function settleReservation(
  tx: InventoryTx,
  orderId: string,
  outcome: keyof typeof settlements,
): Promise<OrderLine[] | undefined> {
  // The status guard claims the transition atomically: of two settlements racing for one
  // reservation, the second finds it no longer LIVE, so its stock never moves twice.
  const claimed = await tx.reservation.updateMany({
    where: { orderId, status: 'LIVE' satisfies ReservationStatus },
    data: { status: outcome, updatedAt: new Date() },
  });
  if (claimed.count === 0) return undefined;
  const reservation = await tx.reservation.findUniqueOrThrow({ where: { orderId } });
  const lines = reservedLines.parse(reservation.lines).map(({ sku, quantity }) => ({ sku, quantity }));
  const locked = await lockProducts(
    tx,
    lines.map((line) => line.sku),
  );
  await moveStock(tx, locked, lines, settlements[outcome]);
  return lines;
}

/**
 * Records that an order was cancelled or compensated before inventory ever answered it (a CLOSED
 * tombstone), so its late order.placed is rejected. Returns false when the order already had a row.
 */
export async function closeIfUnreserved(tx: InventoryTx, orderId: string): Promise<boolean> {
  const { count } = await tx.reservation.createMany({
    data: [{ orderId, status: 'CLOSED' satisfies ReservationStatus, lines: [] }],
    skipDuplicates: true,
  });
  return count === 1;
}
