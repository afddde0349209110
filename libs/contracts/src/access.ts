import { events } from './events/catalog.js';
import { type SagaService } from './events/saga-services.js';
import { allTopics, deadLetterTopicOf, type Topic } from './topics.js';

/**
 * What one service may do on Kafka, derived from the event topology. Native Kafka, compose and
 * Strimzi KafkaUsers all grant exactly this, so a principal that is compromised can publish only
 * its own event types: it cannot fake a payment or a shipment.
 */
export interface KafkaPermissions {
  /** SASL/SCRAM user name; the ACL principal is `User:<principal>`. */
  principal: string;
  /** The consumer groups it may join or commit for. */
  groups: string[];
  /** Group name prefixes it may use (the throw-away groups of range reads). */
  groupPrefixes?: string[];
  write: string[];
  read: string[];
}

export interface KafkaAccess extends KafkaPermissions {
  service: SagaService;
  /** The only consumer group it may join. */
  group: string;
  /** Topics it may write: the events it produces, and the dead-letter twins of those it consumes. */
  write: string[];
  /** Topics it may read: the events it consumes. */
  read: Topic[];
}

/**
 * The operator's principal (topic creation, ACLs, the dlq tool, tests): a Kafka super user. No
 * service runs as it.
 */
export const kafkaAdminPrincipal = 'saga-admin';

export function kafkaPrincipalOf(service: SagaService): string {
  return `saga-${service}`;
}

/** The consumer group of a service; one group per service, shared by its replicas. */
export function consumerGroupOf(service: SagaService): string {
  return `saga-shop-${service}`;
}

/** The topics a service reacts to, in catalog order. */
export function topicsConsumedBy(service: SagaService): Topic[] {
  return Object.values(events)
    .filter((event) => event.consumers.includes(service))
    .map((event) => event.type);
}

export function topicsProducedBy(service: SagaService): Topic[] {
  return Object.values(events)
    .filter((event) => event.producer === service)
    .map((event) => event.type);
}

export function kafkaAccessOf(service: SagaService): KafkaAccess {
  const read = topicsConsumedBy(service);
  return {
    service,
    principal: kafkaPrincipalOf(service),
    group: consumerGroupOf(service),
    groups: [consumerGroupOf(service)],
    write: [...topicsProducedBy(service), ...read.map(deadLetterTopicOf)],
    read,
  };
}

/** The CloudEvents `source` an event of `type` must carry: its producer's. */
export function expectedSourceOf(type: Topic): string {
  return `/saga-shop/${events[type].producer}`;
}

/** The group whose committed offsets say which dead letters were already put back (redrive). */
export const dlqRedriveGroup = 'saga-shop-dlq-redrive';

/**
 * Reading exact offset ranges (redrive, the console's replay) needs a consumer group with some
 * clients (kafkajs has no manual assignment): a throw-away one, named with this prefix.
 */
export const rangeReaderGroupPrefix = 'saga-shop-range-reader-';

/** The web console's principal and projection group (services/console). */
export const consolePrincipal = 'saga-console';
export const consoleProjectionGroup = 'saga-shop-console';

/**
 * The console reads every saga topic and dead-letter topic into its projection, and puts dead
 * letters back on their topics (the redrive button), so it may write the saga topics too. It is
 * an operator's tool: it writes no dead-letter topic, joins only its own group, and a letter it
 * puts back keeps the source of its producer, which the consumers check.
 */
export function consoleKafkaAccess(): KafkaPermissions {
  return {
    principal: consolePrincipal,
    groups: [consoleProjectionGroup, dlqRedriveGroup],
    groupPrefixes: [rangeReaderGroupPrefix],
    read: allTopics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]),
    write: [...allTopics],
  };
}
