import { z } from 'zod';
import { currency, orderId, orderLine } from '@saga-shop/contracts';
import { cancellationReasons, cancellationRequests, orderStatuses } from '../domain/order-status.js';

const exampleOrderId = '0b7f3c52-3f8e-4d5a-9c1e-2a6f4b8d9e10';
const status = z.enum(orderStatuses);

/** 202 to POST /orders: the order exists and its saga has started. */
export const orderAccepted = z
  .object({ orderId, status })
  .meta({ example: { orderId: exampleOrderId, status: 'PENDING' } });

/** 202 to POST /orders/{id}/cancel: the request is recorded; the saga decides. */
export const cancellationAccepted = z
  .object({ orderId, status, cancellationRequested: z.literal('CUSTOMER_CANCELLED') })
  .meta({
    example: { orderId: exampleOrderId, status: 'RESERVED', cancellationRequested: 'CUSTOMER_CANCELLED' },
  });

/** One step of the saga as the order service recorded it (`detail`: the event's own facts). */
const historyEntry = z.object({
  at: z.iso.datetime(),
  type: z.string().describe('The event, e.g. InventoryReserved, or the order service’s own step'),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** GET /orders/{id}: the order as its customer sees it. */
export const orderDetails = z
  .object({
    orderId,
    status,
    reason: z.enum(cancellationReasons).optional().describe('Why a CANCELLED order was cancelled'),
    cancellationRequested: z.enum(cancellationRequests).optional(),
    items: z.array(orderLine),
    totalCents: z.int().min(0).optional().describe('Known once inventory has priced the order'),
    currency: currency.optional(),
    history: z.array(historyEntry),
  })
  .meta({
    example: {
      orderId: exampleOrderId,
      status: 'COMPLETED',
      items: [{ sku: 'TSHIRT-M', quantity: 2 }],
      totalCents: 3998,
      currency: 'EUR',
      history: [
        { at: '2026-12-03T10:00:00.000Z', type: 'OrderPlaced', detail: { status: 'PENDING' } },
        { at: '2026-12-03T10:00:00.120Z', type: 'FulfilmentShipped', detail: { status: 'COMPLETED' } },
      ],
    },
  });

export type OrderDetails = z.infer<typeof orderDetails>;
