import { z } from 'zod';
import { sku } from '@saga-shop/contracts';

export const skuParams = z.object({ sku });

/** PUT /products/{sku}/stock body. Unknown fields are refused so a typo never passes silently. */
export const restockRequest = z.strictObject({
  available: z.number().int().min(0).max(1_000_000),
});

/** A product as GET /products shows it. */
export function productView(product: {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  available: number;
  reserved: number;
}) {
  return {
    sku: product.sku,
    name: product.name,
    priceCents: product.priceCents,
    currency: product.currency,
    available: product.available,
    reserved: product.reserved,
  };
}
