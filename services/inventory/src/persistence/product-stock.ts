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

/** Applies `move` to each line's locked product and writes the new counters. */
export async function moveStock(
  tx: InventoryTx,
  locked: readonly LockedProduct[],
  lines: readonly OrderLine[],
  move: (stock: Stock, quantity: number) => Stock,
): Promise<void> {
  for (const line of lines) {
    const product = locked.find((candidate) => candidate.sku === line.sku);
    if (!product) throw new Error(`product ${line.sku} was not locked before its stock moved`);
    const { available, reserved } = move(product, line.quantity);
    await tx.product.update({
      where: { sku: line.sku },
      data: { available, reserved, updatedAt: new Date() },
    });
  }
}
