import { z } from 'zod';

/** Shapes shared by several events. Each is validated the same way at the REST edge and on Kafka. */
export const orderId = z.uuid();
export const sku = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'an upper-case SKU such as TSHIRT-M');
export const quantity = z.number().int().min(1).max(1000);
export const cents = z.number().int().min(0);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');

export const orderLine = z.object({ sku, quantity });
export const pricedLine = orderLine.extend({ unitPriceCents: cents });

export const shippingAddress = z.object({
  line1: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code'),
});

/** Test inputs like a card gateway's test cards: see the README's "Deterministic test inputs". */
export const paymentMethod = z.string().trim().min(1).max(64);

export type OrderLine = z.infer<typeof orderLine>;
export type PricedLine = z.infer<typeof pricedLine>;
export type ShippingAddress = z.infer<typeof shippingAddress>;
