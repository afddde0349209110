import type { OrderLine } from '@saga-shop/contracts';
import { decideReservation, mergeLines, type ReservationDecision } from '../domain/reservation-decision.js';
import type { ReservationStatus } from '../domain/reservation-status.js';
import { reserveStock } from '../domain/stock.js';
import type { InventoryTx } from '../persistence/inventory-database.js';
import { lockProducts, moveStock } from '../persistence/product-stock.js';

/**
 * Reserves every line of a new order or none, and records the answer as its reservation row.
 * The product rows stay locked until the transaction commits, with the inbox and outbox rows.
 */
export async function reserveOrder(
  tx: InventoryTx,
  orderId: string,
  items: readonly OrderLine[],
): Promise<ReservationDecision> {
  const requested = mergeLines(items);
  const locked = await lockProducts(
    tx,
    requested.map((line) => line.sku),
  );
  const decision = decideReservation(requested, locked);
  if (!decision.reserve) {
    await tx.reservation.create({
      data: { orderId, status: 'REJECTED' satisfies ReservationStatus, lines: [] },
    });
    return decision;
  }
  await moveStock(tx, locked, decision.lines, reserveStock);
  await tx.reservation.create({
    data: {
      orderId,
      status: 'LIVE' satisfies ReservationStatus,
      lines: decision.lines,
      totalCents: decision.totalCents,
      currency: decision.currency,
    },
  });
  return decision;
}
