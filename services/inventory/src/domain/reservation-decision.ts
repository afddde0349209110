import type { OrderLine, PricedLine } from '@saga-shop/contracts';

/** What the decision needs to know of a catalog product (its row is locked while we decide). */
export interface ProductOnHand {
  sku: string;
  priceCents: number;
  currency: string;
  available: number;
}

export interface UnavailableLine {
  sku: string;
  requested: number;
  available: number;
}

export type ReservationDecision =
  | { reserve: true; lines: PricedLine[]; totalCents: number; currency: string }
  | { reserve: false; reason: 'UNKNOWN_SKU' | 'OUT_OF_STOCK'; unavailable: UnavailableLine[] };

/** One line per SKU: an order listing the same SKU twice needs the sum of both from one product. */
export function mergeLines(lines: readonly OrderLine[]): OrderLine[] {
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * All lines or none: reserves only when every requested SKU exists and has enough available for
 * the sum of its lines, priced at the catalog's current price. The priced lines are the lines as
 * requested, never merged: merging two lines of 1000 would make one the contract refuses. A
 * rejection lists every SKU that cannot be served; an unknown SKU is reported with 0 available and
 * outranks a shortage as the reason.
 */
export function decideReservation(
  requested: readonly OrderLine[],
  products: readonly ProductOnHand[],
): ReservationDecision {
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const perSku = mergeLines(requested);
  const unavailable = perSku
    .filter((line) => (bySku.get(line.sku)?.available ?? 0) < line.quantity)
    .map((line) => ({
      sku: line.sku,
      requested: line.quantity,
      available: bySku.get(line.sku)?.available ?? 0,
    }));
  if (unavailable.length > 0) {
    const unknown = perSku.some((line) => !bySku.has(line.sku));
    return { reserve: false, reason: unknown ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK', unavailable };
  }
  // The catalog is priced in one currency (the seed is all EUR), so any line's currency is the order's.
  const currency = requested[0] && bySku.get(requested[0].sku)?.currency;
  if (currency === undefined) throw new RangeError('an order has at least one line');
  const priced = requested.map(({ sku, quantity }) => ({
    sku,
    quantity,
    unitPriceCents: bySku.get(sku)!.priceCents,
  }));
  const totalCents = priced.reduce((total, line) => total + line.quantity * line.unitPriceCents, 0);
  return { reserve: true, lines: priced, totalCents, currency };
}
