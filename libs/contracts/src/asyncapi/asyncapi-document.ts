import { createRequire } from 'node:module';
import { kafkaAdminPrincipal } from '../access.js';
import { sagaServices } from '../events/saga-services.js';
import { events, type EventType } from '../events/catalog.js';
import { deadLetterTopicOf } from '../topics.js';
import { channelIdOf, deadLetterChannelIdOf, ref } from './asyncapi-ids.js';
import { deadLetterMessage, eventMessage, sharedSchemas } from './asyncapi-messages.js';
import { eventOperations } from './asyncapi-operations.js';

// info.version is this library's version: libs/contracts/package.json, from src/ and dist/ alike.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
const eventTypes = Object.keys(events) as EventType[];

const description = `The events of the saga-shop choreography: four services (order, inventory, payment,
fulfilment) react to each other's events, and every failure has an explicit outcome event that the
others compensate on. One topic per event type and version; the message key is the orderId, so the
events of one order stay in order. Each message is a CloudEvents 1.0 event in Kafka binary mode.
Every topic has a \`.dlq\` twin where consumers park what they can never process.

Generated from libs/contracts by \`npm run asyncapi\`: do not edit.`;

function eventChannels(type: EventType) {
  const { producer, consumers } = events[type];
  return {
    [channelIdOf(type)]: {
      address: type,
      title: type,
      description: `Published by ${producer}, ${consumers.length > 0 ? `consumed by ${consumers.join(', ')}` : 'no consumer yet'}.`,
      messages: { [channelIdOf(type)]: ref(`components/messages/${channelIdOf(type)}`) },
    },
    [deadLetterChannelIdOf(type)]: {
      address: deadLetterTopicOf(type),
      title: deadLetterTopicOf(type),
      description: `The dead-letter topic of ${type}: what its consumers can never process, until redriven.`,
      messages: { deadLetter: ref('components/messages/deadLetter') },
    },
  };
}

const securitySchemes = {
  serviceScram: {
    type: 'scramSha512',
    description:
      'Each service logs in as its own user saga-<service>; its ACLs (derived in ' +
      'libs/contracts/src/access.ts) grant it exactly the operations this document lists for it.',
  },
  adminPlain: {
    type: 'plain',
    description: `The operator ${kafkaAdminPrincipal} (topic creation, ACLs, npm run dlq, tests): a super user; no service runs as it.`,
  },
};

/** The AsyncAPI 3.0 document of the saga topology, as docs/asyncapi.yaml keeps it. */
export function asyncApiDocument() {
  return {
    asyncapi: '3.0.0',
    id: 'urn:saga-shop:events',
    info: { title: 'saga-shop events', version, description, license: { name: 'Apache-2.0' } },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local broker of `npm run infra` (infra/local): SASL on every listener, no TLS.',
        security: [
          ref('components/securitySchemes/serviceScram'),
          ref('components/securitySchemes/adminPlain'),
        ],
      },
    },
    channels: Object.assign({}, ...eventTypes.map(eventChannels)),
    operations: Object.assign({}, ...eventTypes.map(eventOperations)),
    components: {
      messages: {
        ...Object.fromEntries(eventTypes.map((type) => [channelIdOf(type), eventMessage(type)])),
        deadLetter: deadLetterMessage,
      },
      schemas: sharedSchemas,
      securitySchemes,
      correlationIds: {
        orderId: {
          description: 'Every event of one order carries it.',
          location: '$message.payload#/orderId',
        },
      },
      tags: Object.fromEntries(
        sagaServices.map((service) => [service, { name: service, description: `services/${service}` }]),
      ),
    },
  };
}
