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
 * All lines or none: reserves only when every requested SKU exists and has enough available,
 * priced at the catalog's current price. A rejection lists every line that cannot be served; an
 * unknown SKU is reported with 0 available and outranks a shortage as the reason.
 */
export function decideReservation(
  requested: readonly OrderLine[],
  products: readonly ProductOnHand[],
): ReservationDecision {
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const lines = mergeLines(requested);
  const onHand = lines.flatMap((line) => {
    const product = bySku.get(line.sku);
    return product && product.available >= line.quantity ? [{ ...line, product }] : [];
  });
  if (onHand.length < lines.length) {
    const unavailable = lines
      .filter((line) => !onHand.some((held) => held.sku === line.sku))
      .map((line) => ({
        sku: line.sku,
        requested: line.quantity,
        available: bySku.get(line.sku)?.available ?? 0,
      }));
    const unknown = lines.some((line) => !bySku.has(line.sku));
    return { reserve: false, reason: unknown ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK', unavailable };
  }
  // The catalog is priced in one currency (the seed is all EUR), so any line's currency is the order's.
  const currency = onHand[0]?.product.currency;
  if (currency === undefined) throw new RangeError('an order has at least one line');
  const priced = onHand.map(({ sku, quantity, product }) => ({
    sku,
    quantity,
    unitPriceCents: product.priceCents,
  }));
  const totalCents = priced.reduce((total, line) => total + line.quantity * line.unitPriceCents, 0);
  return { reserve: true, lines: priced, totalCents, currency };
}
