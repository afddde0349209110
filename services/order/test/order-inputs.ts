import { events, newEvent, type EventPayload, type EventType, type SagaEvent } from '@saga-shop/contracts';
import type { OrderRequest } from '../src/application/place-order.js';

// What reaches the order service: a customer's request, and the events the other services answer
// with, each built from its contract's example (so it is valid) with the order it is about.

export function orderRequest(
  customerId = 'customer-42',
  overrides: Partial<OrderRequest> = {},
): OrderRequest {
  const { items, paymentMethod, shippingAddress } = structuredClone(events['order.placed.v1'].example);
  return { customerId, items, paymentMethod, shippingAddress, ...overrides };
}

function answer<Type extends EventType>(
  type: Type,
  orderId: string,
  data: Partial<EventPayload<Type>> = {},
): SagaEvent<Type> {
  const example = structuredClone(events[type].example) as EventPayload<Type>;
  return newEvent(type, { ...example, ...data, orderId });
}

export const reserved = (orderId: string, totalCents = 3000, currency = 'EUR') =>
  answer('inventory.reserved.v1', orderId, { totalCents, currency });

export const rejected = (orderId: string, reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'ORDER_CANCELLED') =>
  answer('inventory.rejected.v1', orderId, { reason });

export const released = (
  orderId: string,
  cause: 'PAYMENT_DECLINED' | 'FULFILMENT_FAILED' | 'ORDER_CANCELLED',
) => answer('inventory.released.v1', orderId, { cause });

export const captured = (orderId: string) => answer('payment.captured.v1', orderId);

export const declined = (
  orderId: string,
  reason: 'CARD_DECLINED' | 'GATEWAY_UNAVAILABLE' | 'ORDER_CANCELLED' = 'CARD_DECLINED',
) => answer('payment.declined.v1', orderId, { reason });

export const refunded = (
  orderId: string,
  cause: 'FULFILMENT_FAILED' | 'ORDER_CANCELLED' = 'FULFILMENT_FAILED',
) => answer('payment.refunded.v1', orderId, { cause });

export const shipped = (orderId: string) => answer('fulfilment.shipped.v1', orderId);

export const fulfilmentFailed = (
  orderId: string,
  reason: 'UNSERVICEABLE_DESTINATION' | 'ORDER_CANCELLED' = 'UNSERVICEABLE_DESTINATION',
) => answer('fulfilment.failed.v1', orderId, { reason });
