import { z } from 'zod';
import { cents, currency, sku } from '@saga-shop/contracts';

export const skuParams = z.object({ sku });

/** PUT /products/{sku}/stock body. Unknown fields are refused so a typo never passes silently. */
export const restockRequest = z.strictObject({
  available: z.number().int().min(0).max(1_000_000),
});

/** A product as GET /products shows it: `available` can be reserved; `reserved` live orders hold. */
export const productBody = z
  .object({
    sku,
    name: z.string(),
    priceCents: cents,
    currency,
    available: z.int().min(0),
    reserved: z.int().min(0),
  })
  .meta({
    example: {
      sku: 'TSHIRT-M',
      name: 'T-shirt, medium',
      priceCents: 1999,
      currency: 'EUR',
      available: 40,
      reserved: 2,
    },
  });

export type ProductBody = z.infer<typeof productBody>;

export function productView(product: ProductBody): ProductBody {
  return {
    sku: product.sku,
    name: product.name,
    priceCents: product.priceCents,
    currency: product.currency,
    available: product.available,
    reserved: product.reserved,
  };
}
