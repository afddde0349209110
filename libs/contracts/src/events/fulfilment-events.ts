import { z } from 'zod';
import { topics } from '../topics.js';
import { defineEvent } from './define-event.js';
import { orderId } from './common.js';

const example = { orderId: '0b5e4f7e-6f0c-4a51-9f38-6a4a3c1d2e10' };

/** The parcel left; the order completes and inventory turns the reservation into a sale. */
export const fulfilmentShipped = defineEvent({
  type: topics.fulfilmentShippedV1,
  producer: 'fulfilment',
  reactions: {
    order: '→ COMPLETED',
    inventory: 'turns the reservation into a sale',
  },
  schema: z.object({
    orderId,
    shipmentId: z.uuid(),
    trackingNumber: z.string().min(1),
  }),
  example: { ...example, shipmentId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', trackingNumber: 'SS-0001' },
});

/** Nothing will ship: the destination cannot be served, or the order was cancelled first. */
export const fulfilmentFailed = defineEvent({
  type: topics.fulfilmentFailedV1,
  producer: 'fulfilment',
  reactions: {
    payment: 'refunds',
    inventory: 'releases',
    order: '→ CANCELLED (FULFILMENT_FAILED)',
  },
  compensation: 'refund, release stock',
  schema: z.object({
    orderId,
    reason: z.enum(['UNSERVICEABLE_DESTINATION', 'ORDER_CANCELLED']),
  }),
  example: { ...example, reason: 'UNSERVICEABLE_DESTINATION' },
});
