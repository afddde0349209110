/**
 * One Kafka topic per event type and version (a breaking change is a new `.v2` topic). The keys
 * carry the version too, so while a v2 rolls out `orderPlacedV1` and `orderPlacedV2` sit side by
 * side and every use names the one it means. The message key on every topic is the orderId, so
 * all events of one order keep their order.
 */
export const topics = {
  orderPlacedV1: 'order.placed.v1',
  orderCancelledV1: 'order.cancelled.v1',
  inventoryReservedV1: 'inventory.reserved.v1',
  inventoryRejectedV1: 'inventory.rejected.v1',
  inventoryReleasedV1: 'inventory.released.v1',
  paymentCapturedV1: 'payment.captured.v1',
  paymentDeclinedV1: 'payment.declined.v1',
  paymentRefundedV1: 'payment.refunded.v1',
  fulfilmentShippedV1: 'fulfilment.shipped.v1',
  fulfilmentFailedV1: 'fulfilment.failed.v1',
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
