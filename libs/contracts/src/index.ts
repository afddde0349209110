export { ContractViolation, decodeEvent, encodeEvent, newEvent } from './cloudevents/codec.js';
export type { AnySagaEvent, EncodedEvent, RawMessage, SagaEvent } from './cloudevents/codec.js';
export { events, isEventType } from './events/catalog.js';
export type { EventPayload, EventType } from './events/catalog.js';
export * from './events/common.js';
export type { EventDefinition } from './events/define-event.js';
export { allTopics, deadLetterTopicOf, topics, topicsToProvision } from './topics.js';
export type { Topic } from './topics.js';
export {
  consoleKafkaAccess,
  consolePrincipal,
  consoleProjectionGroup,
  consumerGroupOf,
  dlqRedriveGroup,
  rangeReaderGroupPrefix,
  expectedSourceOf,
  kafkaAccessOf,
  kafkaAdminPrincipal,
  kafkaPrincipalOf,
  topicsConsumedBy,
  topicsProducedBy,
} from './access.js';
export type { KafkaAccess, KafkaPermissions } from './access.js';
export { sagaServices } from './events/saga-services.js';
export type { SagaService } from './events/saga-services.js';
export { findBreakingChanges } from './compatibility/breaking-changes.js';
export type { JsonSchema } from './compatibility/breaking-changes.js';
export { eventJsonSchema, publishedSchemaFile } from './compatibility/event-json-schema.js';
export { asyncApiDocument } from './asyncapi/asyncapi-document.js';
export { sagaMapTable } from './saga-map.js';
