import type { Order, OrderEntry } from '../generated/prisma/client.js';
import type { CancellationReason, CancellationRequest, OrderStatus } from '../domain/order-status.js';
import type { OrderDetails } from './order-response.js';

/**
 * GET /orders/{id}: the order as a customer sees it, with the history the saga wrote. Typed by
 * the documented response (order-response.ts); the database columns hold only the domain's values.
 */
export function orderView(order: Order & { history: OrderEntry[] }): OrderDetails {
  return {
    orderId: order.id,
    status: order.status as OrderStatus,
    ...(order.reason ? { reason: order.reason as CancellationReason } : {}),
    ...(order.cancellationRequested
      ? { cancellationRequested: order.cancellationRequested as CancellationRequest }
      : {}),
    items: order.items as OrderDetails['items'],
    ...(order.totalCents !== null
      ? { totalCents: order.totalCents, currency: order.currency ?? undefined }
      : {}),
    history: order.history.map((entry) => ({
      at: entry.at.toISOString(),
      type: entry.type,
      ...(entry.detail !== null ? { detail: entry.detail as Record<string, unknown> } : {}),
    })),
  };
}
