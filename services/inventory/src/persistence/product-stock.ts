import type { OrderLine } from '@saga-shop/contracts';
import type { ProductOnHand } from '../domain/reservation-decision.js';
import type { Stock } from '../domain/stock.js';
import type { InventoryTx } from './inventory-database.js';

export type LockedProduct = ProductOnHand & Stock;

/**
 * Locks the rows of `skus` until the transaction ends, so concurrent orders for the same product
 * decide one after another on fresh counts (100 orders for 10 units reserve exactly 10). Locking in
 * SKU order means two orders sharing products never wait on each other in a cycle (no deadlock).
 * Unknown SKUs are simply absent from the result.
 */
export function lockProducts(tx: InventoryTx, skus: readonly string[]): Promise<LockedProduct[]> {
  return tx.$queryRawUnsafe<LockedProduct[]>(
    `SELECT sku, price_cents AS "priceCents", currency, available, reserved
       FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
    [...skus],
  );
}

/**
 * Applies `move` to each line's locked product and writes the new counters, every line in one
 * statement (this runs for every reservation, release and sale; see scripts/bench/README.md).
 */
export async function moveStock(
  tx: InventoryTx,
  locked: readonly LockedProduct[],
  lines: readonly OrderLine[],
  move: (stock: Stock, quantity: number) => Stock,
): Promise<void> {
  const moved = lines.map((line) => {
    const product = locked.find((candidate) => candidate.sku === line.sku);
    if (!product) throw new Error(`product ${line.sku} was not locked before its stock moved`);
    return { sku: line.sku, ...move(product, line.quantity) };
  });
  if (moved.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE products AS p SET available = v.available, reserved = v.reserved, updated_at = now()
       FROM unnest($1::text[], $2::int[], $3::int[]) AS v(sku, available, reserved)
      WHERE p.sku = v.sku`,
    moved.map((stock) => stock.sku),
    moved.map((stock) => stock.available),
    moved.map((stock) => stock.reserved),
  );
}
