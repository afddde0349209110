import type { Order, OrderEntry } from '../generated/prisma/client.js';

/** GET /orders/{id}: the order as a customer sees it, with the history the saga wrote. */
export function orderView(order: Order & { history: OrderEntry[] }) {
  return {
    orderId: order.id,
    status: order.status,
    ...(order.reason ? { reason: order.reason } : {}),
    ...(order.cancellationRequested ? { cancellationRequested: order.cancellationRequested } : {}),
    items: order.items,
    ...(order.totalCents !== null ? { totalCents: order.totalCents, currency: order.currency } : {}),
    history: order.history.map((entry) => ({
      at: entry.at.toISOString(),
      type: entry.type,
      ...(entry.detail !== null ? { detail: entry.detail } : {}),
    })),
  };
}
