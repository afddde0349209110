import { z } from 'zod';
import { topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import {
  cents,
  currency,
  orderId,
  orderLine,
  paymentMethod,
  pricedLine,
  shippingAddress,
  sku,
} from './common.js';

const example = {
  orderId: '0b5e4f7e-6f0c-4a51-9f38-6a4a3c1d2e10',
  shippingAddress: { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
};

/**
 * Every line is reserved and priced. It carries forward what payment and fulfilment need
 * (payment method, address), so no step ever asks another service for order data.
 */
export const inventoryReserved = defineEvent({
  type: topics.inventoryReservedV1,
  producer: 'inventory',
  reactions: {
    payment: 'charges the total',
    order: '→ RESERVED',
  },
  schema: z.object({
    orderId,
    lines: z.array(pricedLine).min(1),
    totalCents: cents,
    currency,
    paymentMethod,
    shippingAddress,
  }),
  example: {
    orderId: example.orderId,
    lines: [{ sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1500 }],
    totalCents: 3000,
    currency: 'EUR',
    paymentMethod: 'card_ok',
    shippingAddress: example.shippingAddress,
  },
});

/** Nothing was reserved: a line is short or unknown, or the order was already cancelled. */
export const inventoryRejected = defineEvent({
  type: topics.inventoryRejectedV1,
  producer: 'inventory',
  reactions: {
    order: '→ CANCELLED (OUT_OF_STOCK)',
  },
  schema: z.object({
    orderId,
    reason: z.enum(['OUT_OF_STOCK', 'UNKNOWN_SKU', 'ORDER_CANCELLED']),
    unavailable: z.array(z.object({ sku, requested: z.number().int(), available: z.number().int() })),
  }),
  example: {
    orderId: example.orderId,
    reason: 'OUT_OF_STOCK',
    unavailable: [{ sku: 'TSHIRT-M', requested: 2, available: 1 }],
  },
});

/** A reservation was given back (compensation); `cause` says which failure triggered it. */
export const inventoryReleased = defineEvent({
  type: topics.inventoryReleasedV1,
  producer: 'inventory',
  reactions: {
    order: 'records it in history',
  },
  schema: z.object({
    orderId,
    lines: z.array(orderLine),
    cause: z.enum(['PAYMENT_DECLINED', 'FULFILMENT_FAILED', 'ORDER_CANCELLED']),
  }),
  example: {
    orderId: example.orderId,
    lines: [{ sku: 'TSHIRT-M', quantity: 2 }],
    cause: 'PAYMENT_DECLINED',
  },
});
