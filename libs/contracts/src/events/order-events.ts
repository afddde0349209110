import { z } from 'zod';
import { topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { orderId, orderLine, paymentMethod, shippingAddress } from './common.js';

/** A customer placed an order; inventory reserves all lines or none. */
export const orderPlaced = defineEvent({
  type: topics.orderPlacedV1,
  producer: 'order',
  reactions: {
    inventory: 'reserves all lines or none',
  },
  schema: z.object({
    orderId,
    customerId: z.string().trim().min(1).max(64),
    items: z.array(orderLine).min(1).max(50),
    paymentMethod,
    shippingAddress,
    placedAt: z.iso.datetime(),
  }),
  example: {
    orderId: '0b5e4f7e-6f0c-4a51-9f38-6a4a3c1d2e10',
    customerId: 'customer-42',
    items: [{ sku: 'TSHIRT-M', quantity: 2 }],
    paymentMethod: 'card_ok',
    shippingAddress: { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    placedAt: '2026-01-01T12:00:00.000Z',
  },
});

/** The order was cancelled by its customer or by the watchdog; every step compensates what it did. */
export const orderCancelled = defineEvent({
  type: topics.orderCancelledV1,
  producer: 'order',
  reactions: {
    inventory: 'releases',
    payment: 'refunds or refuses a later capture',
    fulfilment: 'does not ship',
  },
  compensation: 'release, refund',
  schema: z.object({
    orderId,
    reason: z.enum(['CUSTOMER_CANCELLED', 'TIMEOUT']),
    cancelledAt: z.iso.datetime(),
  }),
  example: {
    orderId: '0b5e4f7e-6f0c-4a51-9f38-6a4a3c1d2e10',
    reason: 'CUSTOMER_CANCELLED',
    cancelledAt: '2026-01-01T12:00:05.000Z',
  },
});
