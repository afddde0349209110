import { z } from 'zod';
import { expectedSourceOf } from '../access.js';
import { events, type EventType } from '../events/catalog.js';
import { orderId } from '../events/common.js';
import type { JsonSchema } from '../compatibility/breaking-changes.js';
import { eventJsonSchema } from '../compatibility/event-json-schema.js';
import { ref } from './asyncapi-ids.js';

// What a message on a saga topic looks like on the wire: CloudEvents 1.0 in Kafka binary mode
// (cloudevents/codec.ts), the W3C trace context the outbox relay adds (libs/messaging), the
// orderId as key.

const kafkaBinding = '0.5.0';
// AsyncAPI 3.0 tools must read JSON Schema draft-07; the snapshots' draft 2020-12 they need not.
const schemaFormat = 'application/schema+json;version=draft-07';

const orderIdSchema = z.toJSONSchema(orderId, { target: 'draft-07' }) as JsonSchema & { $schema?: string };
// A schema inside the document is in the document's schema format already: no $schema of its own.
delete orderIdSchema.$schema;
const orderIdKey = { kafka: { key: ref('components/schemas/orderId'), bindingVersion: kafkaBinding } };

/** Schemas every message shares, as components.schemas. */
export const sharedSchemas = {
  orderId: {
    ...orderIdSchema,
    description:
      'The order an event belongs to: its message key and ce_subject, so all events of one order ' +
      'share a partition and stay in order.',
  },
  /** The headers encodeEvent writes (all required) and the trace context the relay adds. */
  cloudEventHeaders: {
    type: 'object',
    required: ['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_subject', 'content-type'],
    properties: {
      ce_specversion: { type: 'string', const: '1.0' },
      ce_id: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event; consumers deduplicate on it.',
      },
      ce_type: { type: 'string', description: 'The event type, which is also the topic.' },
      ce_source: {
        type: 'string',
        description: '/saga-shop/<producer>; a consumer dead-letters an event from any other source.',
      },
      ce_time: { type: 'string', format: 'date-time' },
      ce_subject: ref('components/schemas/orderId'),
      'content-type': { type: 'string', const: 'application/json' },
      traceparent: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description:
          'W3C trace context of the publish span; absent when the producer runs without telemetry.',
      },
      tracestate: { type: 'string', description: 'W3C trace state, when the trace has one.' },
      baggage: {
        type: 'string',
        description: 'W3C baggage (saga.order_id) when the event was written while handling another.',
      },
    },
  },
};

/** The CloudEvents headers, with the type and source that only this event carries. */
function cloudEventHeaders(type: EventType) {
  return {
    allOf: [
      ref('components/schemas/cloudEventHeaders'),
      {
        type: 'object',
        properties: { ce_type: { const: type }, ce_source: { const: expectedSourceOf(type) } },
      },
    ],
  };
}

/** The one message of an event's topic: its JSON Schema payload, example, headers and key. */
export function eventMessage(type: EventType) {
  const { producer, consumers, example } = events[type];
  return {
    name: type,
    title: type,
    summary: `Published by ${producer}, ${consumers.length > 0 ? `consumed by ${consumers.join(', ')}` : 'no consumer yet'}.`,
    contentType: 'application/json',
    headers: cloudEventHeaders(type),
    payload: { schemaFormat, schema: eventJsonSchema(type, 'draft-07') },
    correlationId: ref('components/correlationIds/orderId'),
    bindings: orderIdKey,
    examples: [{ name: 'example', payload: example }],
  };
}

/**
 * A message parked on `<topic>.dlq`: key, value and headers as it arrived (they may be what broke
 * its contract), plus why. libs/messaging's toDeadLetter adds these headers (its spec checks that
 * this list is complete) and a redrive strips them again.
 */
const deadLetterHeaders = {
  dlq_error: 'What went wrong, at most 2000 characters.',
  dlq_error_kind: 'contract-violation, permanent-failure, producer-bug or retries-exhausted.',
  dlq_attempts: 'How many times the consumer tried.',
  dlq_original_topic: 'Where the message came from, and where a redrive puts it back.',
  dlq_original_partition: 'Its partition there.',
  dlq_original_offset: 'Its offset there.',
  dlq_consumer_group: 'The consumer group that gave up on it.',
  dlq_failed_at: 'When, ISO 8601.',
};

export const deadLetterMessage = {
  name: 'dead-letter',
  title: 'Dead letter',
  summary: 'A message that can never be processed as it is, parked with why in its dlq_* headers.',
  description:
    'Key, value and the original headers are those of the message as it arrived, which may break ' +
    'its contract. Inspect and redrive with `npm run dlq` or the console.',
  headers: {
    type: 'object',
    required: Object.keys(deadLetterHeaders),
    properties: Object.fromEntries(
      Object.entries(deadLetterHeaders).map(([name, description]) => [name, { type: 'string', description }]),
    ),
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'The original key: the orderId, unless that is what broke.' },
      bindingVersion: kafkaBinding,
    },
  },
};
