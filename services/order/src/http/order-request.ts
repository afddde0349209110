import { z } from 'zod';
import { orderLine, orderId, shippingAddress } from '@saga-shop/contracts';

/**
 * One line per SKU: a repeated SKU is refused rather than merged, since two lines that each fit
 * the per-line limit could together exceed it, and the client may have meant something else.
 * The repeated line is named (`items.2.sku`), with the line it repeats.
 */
const orderLines = z
  .array(orderLine.strict())
  .min(1)
  .max(50)
  .superRefine((lines, context) => {
    const firstLineOf = new Map<string, number>();
    lines.forEach((line, index) => {
      const first = firstLineOf.get(line.sku);
      if (first === undefined) firstLineOf.set(line.sku, index);
      else
        context.addIssue({
          code: 'custom',
          path: [index, 'sku'],
          message: `${line.sku} is already ordered on line ${first}; put its whole quantity on one line`,
        });
    });
  });

/**
 * POST /orders body. Unknown fields are refused so a typo never silently drops data. Payment
 * methods are the simulated gateway's test cards (see the README's "Deterministic test inputs").
 * The customer is the bearer token's subject; `customerId`, if sent, must name the same one.
 */
export const placeOrderRequest = z.strictObject({
  customerId: z.string().trim().min(1).max(64).optional(),
  items: orderLines,
  paymentMethod: z.enum(['card_ok', 'card_declined', 'card_flaky']),
  shippingAddress: shippingAddress.strict(),
});

export const idempotencyKeyHeader = z.string().trim().min(1).max(255).optional();

export const orderIdParams = z.object({ id: orderId });
