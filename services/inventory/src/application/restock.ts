import type { Product } from '../generated/prisma/client.js';
import type { InventoryDatabase } from '../persistence/inventory-database.js';

/**
 * Sets how many units of `sku` can be sold (restocking or a stock count); `reserved` is untouched,
 * since it belongs to live orders. Returns the product, or undefined when the SKU is unknown.
 * The UPDATE waits for any reservation holding the row lock, so the two never overwrite each other.
 */
export function restock(
  database: InventoryDatabase,
  sku: string,
  available: number,
): Promise<Product | undefined> {
  return database.transaction(async (tx) => {
    const { count } = await tx.product.updateMany({
      where: { sku },
      data: { available, updatedAt: new Date() },
    });
    if (count === 0) return undefined;
    return tx.product.findUniqueOrThrow({ where: { sku } });
  });
}
