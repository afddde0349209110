import type { Topic } from '../topics.js';
import type { EventDefinition, PayloadOf } from './define-event.js';
import { fulfilmentFailed, fulfilmentShipped } from './fulfilment-events.js';
import { inventoryRejected, inventoryReleased, inventoryReserved } from './inventory-events.js';
import { orderCancelled, orderPlaced } from './order-events.js';
import { paymentCaptured, paymentDeclined, paymentRefunded } from './payment-events.js';

/** Every event of the saga, by type, in the order the README's saga map lists them. */
export const events = {
  [orderPlaced.type]: orderPlaced,
  [inventoryReserved.type]: inventoryReserved,
  [inventoryRejected.type]: inventoryRejected,
  [paymentCaptured.type]: paymentCaptured,
  [paymentDeclined.type]: paymentDeclined,
  [fulfilmentShipped.type]: fulfilmentShipped,
  [fulfilmentFailed.type]: fulfilmentFailed,
  [paymentRefunded.type]: paymentRefunded,
  [inventoryReleased.type]: inventoryReleased,
  [orderCancelled.type]: orderCancelled,
} as const satisfies Record<Topic, EventDefinition>;

export type EventType = keyof typeof events;
export type EventPayload<Type extends EventType> = PayloadOf<(typeof events)[Type]>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(events, type);
}
