import type { TransactionRunner } from '@saga-shop/messaging';
import { setAvailable, type ProductRow } from '../persistence/inventory-sql.js';

/**
 * Sets how many units of `sku` can be sold (restocking or a stock count); `reserved` is untouched,
 * since it belongs to live orders, and the difference goes into the stock ledger. Returns the
 * product, or undefined when the SKU is unknown.
 */
export function restock(
  transactions: TransactionRunner,
  sku: string,
  available: number,
): Promise<ProductRow | undefined> {
  return transactions.run((tx) => setAvailable(tx, sku, available));
}
