import type { Topic } from '../topics.js';
import type { EventDefinition, PayloadOf } from './define-event.js';
import { fulfilmentFailed, fulfilmentShipped } from './fulfilment-events.js';
import { inventoryRejected, inventoryReleased, inventoryReserved } from './inventory-events.js';
import { orderCancelled, orderPlaced } from './order-events.js';
import { paymentCaptured, paymentDeclined, paymentRefunded } from './payment-events.js';

/** Every event of the saga, by type. The README's saga map lists the same events. */
export const events = {
  [orderPlaced.type]: orderPlaced,
  [orderCancelled.type]: orderCancelled,
  [inventoryReserved.type]: inventoryReserved,
  [inventoryRejected.type]: inventoryRejected,
  [inventoryReleased.type]: inventoryReleased,
  [paymentCaptured.type]: paymentCaptured,
  [paymentDeclined.type]: paymentDeclined,
  [paymentRefunded.type]: paymentRefunded,
  [fulfilmentShipped.type]: fulfilmentShipped,
  [fulfilmentFailed.type]: fulfilmentFailed,
} as const satisfies Record<Topic, EventDefinition>;

export type EventType = keyof typeof events;
export type EventPayload<Type extends EventType> = PayloadOf<(typeof events)[Type]>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(events, type);
}
