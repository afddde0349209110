import { z } from 'zod';
import { topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { cents, currency, orderId, pricedLine, shippingAddress } from './common.js';

const example = {
  orderId: '0b5e4f7e-6f0c-4a51-9f38-6a4a3c1d2e10',
  paymentId: '6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f',
};

/** The order total was charged; fulfilment ships what it carries forward. */
export const paymentCaptured = defineEvent({
  type: topics.paymentCapturedV1,
  producer: 'payment',
  reactions: {
    fulfilment: 'ships',
    order: '→ PAID',
  },
  schema: z.object({
    orderId,
    paymentId: z.uuid(),
    amountCents: cents,
    currency,
    lines: z.array(pricedLine).min(1),
    shippingAddress,
  }),
  example: {
    ...example,
    amountCents: 3000,
    currency: 'EUR',
    lines: [{ sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1500 }],
    shippingAddress: { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
  },
});

/** Nothing was charged: the card was declined, the gateway kept failing, or the order was cancelled. */
export const paymentDeclined = defineEvent({
  type: topics.paymentDeclinedV1,
  producer: 'payment',
  reactions: {
    inventory: 'releases',
    order: '→ CANCELLED (PAYMENT_DECLINED)',
  },
  compensation: 'release stock',
  schema: z.object({
    orderId,
    reason: z.enum(['CARD_DECLINED', 'GATEWAY_UNAVAILABLE', 'ORDER_CANCELLED']),
  }),
  example: { orderId: example.orderId, reason: 'CARD_DECLINED' },
});

/** A capture was paid back (compensation); `cause` says which failure triggered it. */
export const paymentRefunded = defineEvent({
  type: topics.paymentRefundedV1,
  producer: 'payment',
  reactions: {
    order: 'records it in history',
  },
  schema: z.object({
    orderId,
    paymentId: z.uuid(),
    amountCents: cents,
    currency,
    cause: z.enum(['FULFILMENT_FAILED', 'ORDER_CANCELLED']),
  }),
  example: { ...example, amountCents: 3000, currency: 'EUR', cause: 'FULFILMENT_FAILED' },
});
