import { events } from './events/catalog.js';
import type { SagaService } from './events/define-event.js';
import { deadLetterTopicOf, type Topic } from './topics.js';

export const sagaServices: readonly SagaService[] = ['order', 'inventory', 'payment', 'fulfilment'];

/**
 * What one service may do on Kafka, derived from the event topology. Native Kafka, compose and
 * Strimzi KafkaUsers all grant exactly this, so a principal that is compromised can publish only
 * its own event types: it cannot fake a payment or a shipment.
 */
export interface KafkaAccess {
  service: SagaService;
  /** SASL/SCRAM user name; the ACL principal is `User:<principal>`. */
  principal: string;
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
    write: [...topicsProducedBy(service), ...read.map(deadLetterTopicOf)],
    read,
  };
}

/** The CloudEvents `source` an event of `type` must carry: its producer's. */
export function expectedSourceOf(type: Topic): string {
  return `/saga-shop/${events[type].producer}`;
}
