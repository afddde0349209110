import { consumerGroupOf, kafkaPrincipalOf } from '../access.js';
import { events, type EventType } from '../events/catalog.js';
import type { SagaService } from '../events/saga-services.js';
import { channelIdOf, deadLetterChannelIdOf, operationIdOf, ref } from './asyncapi-ids.js';

const kafkaBinding = '0.5.0';
const asService = (service: SagaService) => ({
  tags: [ref(`components/tags/${service}`)],
  security: [ref('components/securitySchemes/serviceScram')],
});

/**
 * What the topology says about one event: its producer sends it, each consumer receives it in
 * its own group and parks on the `.dlq` twin what it can never process (the ACLs of access.ts
 * grant exactly these).
 */
export function eventOperations(type: EventType): Record<string, object> {
  const { producer, consumers } = events[type];
  const channel = channelIdOf(type);
  const operations: Record<string, object> = {
    [operationIdOf(producer, 'Publishes', type)]: {
      action: 'send',
      channel: ref(`channels/${channel}`),
      messages: [ref(`channels/${channel}/messages/${channel}`)],
      summary: `${producer} publishes ${type} through its outbox, as ${kafkaPrincipalOf(producer)}.`,
      ...asService(producer),
    },
  };
  for (const consumer of consumers) {
    const group = consumerGroupOf(consumer);
    operations[operationIdOf(consumer, 'Receives', type)] = {
      action: 'receive',
      channel: ref(`channels/${channel}`),
      messages: [ref(`channels/${channel}/messages/${channel}`)],
      summary: `${consumer} reacts to ${type}.`,
      description: `In the consumer group \`${group}\`, which all replicas of ${consumer} share.`,
      bindings: { kafka: { groupId: { type: 'string', const: group }, bindingVersion: kafkaBinding } },
      ...asService(consumer),
    };
    operations[operationIdOf(consumer, 'DeadLetters', type)] = {
      action: 'send',
      channel: ref(`channels/${deadLetterChannelIdOf(type)}`),
      messages: [ref(`channels/${deadLetterChannelIdOf(type)}/messages/deadLetter`)],
      summary: `${consumer} parks a message of ${type} that it can never process.`,
      ...asService(consumer),
    };
  }
  return operations;
}
