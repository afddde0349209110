import { z } from 'zod';
import { orderLine, orderId, shippingAddress } from '@saga-shop/contracts';

/**
 * POST /orders body. Unknown fields are refused so a typo never silently drops data. Payment
 * methods are the simulated gateway's test cards (see the README's "Deterministic test inputs").
 */
export const placeOrderRequest = z.strictObject({
  customerId: z.string().trim().min(1).max(64),
  items: z.array(orderLine.strict()).min(1).max(50),
  paymentMethod: z.enum(['card_ok', 'card_declined', 'card_flaky']),
  shippingAddress: shippingAddress.strict(),
});

export const idempotencyKeyHeader = z.string().trim().min(1).max(255).optional();

export const orderIdParams = z.object({ id: orderId });
