/**
 * One Kafka topic per event type and version (a breaking change is a new `.v2` topic).
 * The message key on every topic is the orderId, so all events of one order keep their order.
 */
export const topics = {
  orderPlaced: 'order.placed.v1',
  orderCancelled: 'order.cancelled.v1',
  inventoryReserved: 'inventory.reserved.v1',
  inventoryRejected: 'inventory.rejected.v1',
  inventoryReleased: 'inventory.released.v1',
  paymentCaptured: 'payment.captured.v1',
  paymentDeclined: 'payment.declined.v1',
  paymentRefunded: 'payment.refunded.v1',
  fulfilmentShipped: 'fulfilment.shipped.v1',
  fulfilmentFailed: 'fulfilment.failed.v1',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];

export const allTopics: readonly Topic[] = Object.values(topics);

/** Messages that can never succeed on `topic` are parked here, with the error in headers. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic the saga needs, each with its dead-letter twin: what infrastructure must create. */
export function topicsToProvision(): string[] {
  return allTopics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
}
