import type { OrderLine } from '@saga-shop/contracts';
import { decideReservation, type ReservationDecision } from '../domain/reservation-decision.js';
import { reserveStock } from '../domain/stock.js';
import type { InventoryBatch, ProductRecord } from './inventory-batch.js';

/**
 * Reserves every line of a new order or none, and records the answer as its reservation. The
 * product rows are locked by the working set, so orders decide one after another on fresh counts
 * (100 orders for 10 units reserve exactly 10), within a batch and across concurrent ones.
 */
export function reserveOrder(
  batch: InventoryBatch,
  orderId: string,
  items: readonly OrderLine[],
): ReservationDecision {
  const products = items
    .map((line) => batch.product(line.sku))
    .filter((product): product is ProductRecord => !!product);
  const decision = decideReservation(items, products);
  if (!decision.reserve) {
    batch.create({ orderId, status: 'REJECTED', lines: [], totalCents: null, currency: null });
    return decision;
  }
  for (const line of decision.lines) batch.move(line, reserveStock);
  batch.create({
    orderId,
    status: 'LIVE',
    lines: decision.lines,
    totalCents: decision.totalCents,
    currency: decision.currency,
  });
  return decision;
}
