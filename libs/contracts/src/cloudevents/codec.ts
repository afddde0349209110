import { randomUUID } from 'node:crypto';
import { events, isEventType, type EventPayload, type EventType } from '../events/catalog.js';

/**
 * A saga event as CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_*` headers,
 * the value is the JSON payload, the key is the orderId (per-order ordering).
 */
export interface SagaEvent<Type extends EventType = EventType> {
  /** ce_id: unique per event; the inbox deduplicates on it. */
  id: string;
  type: Type;
  /** ce_source: `/saga-shop/<producer>`. */
  source: string;
  /** ce_time, ISO 8601. */
  time: string;
  /** ce_subject and the Kafka message key. */
  orderId: string;
  data: EventPayload<Type>;
}

/** Any one event, discriminated by `type`. */
export type AnySagaEvent = { [Type in EventType]: SagaEvent<Type> }[EventType];

export interface EncodedEvent {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A message that can never be processed as it is: it goes to the dead-letter topic, not to retry. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/** Builds a new event with a fresh id and the current time. */
export function newEvent<Type extends EventType>(type: Type, data: EventPayload<Type>): SagaEvent<Type> {
  const { orderId } = data as { orderId: string };
  return {
    id: randomUUID(),
    type,
    source: `/saga-shop/${events[type].producer}`,
    time: new Date().toISOString(),
    orderId,
    data,
  };
}

/** Validates the payload against its schema (producers never publish what consumers would reject). */
export function encodeEvent(event: SagaEvent): EncodedEvent {
  const data = validatePayload(event.type, event.data);
  return {
    topic: event.type,
    key: event.orderId,
    value: JSON.stringify(data),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: event.type,
      ce_source: event.source,
      ce_time: event.time,
      ce_subject: event.orderId,
      'content-type': 'application/json',
    },
  };
}

export interface RawMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string | undefined>;
}

/** Parses and validates a consumed message; throws ContractViolation saying what is wrong. */
export function decodeEvent(message: RawMessage): AnySagaEvent {
  const { headers } = message;
  if (headers['ce_specversion'] !== '1.0') throw new ContractViolation('ce_specversion must be 1.0');
  const type = required(headers, 'ce_type');
  if (!isEventType(type)) throw new ContractViolation(`unknown event type ${type}`);
  if (type !== message.topic) throw new ContractViolation(`event type ${type} on topic ${message.topic}`);
  // Only the owning service publishes a type. Kafka ACLs already refuse other writers; this also
  // stops a forged source coming through any principal that can write the topic (an operator's
  // redrive, a misconfigured ACL), and names the forgery in the dead letter.
  const source = required(headers, 'ce_source');
  if (source !== `/saga-shop/${events[type].producer}`) {
    throw new ContractViolation(
      `ce_source ${source} does not own ${type} (expected /saga-shop/${events[type].producer})`,
    );
  }
  const contentType = headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    throw new ContractViolation(`content-type must be application/json, got "${contentType}"`);
  }
  const data = validatePayload(type, parseJson(message.value)) as { orderId: string };
  if (message.key !== data.orderId) {
    throw new ContractViolation(`message key ${message.key} is not the orderId ${data.orderId}`);
  }
  return {
    id: required(headers, 'ce_id'),
    type,
    source,
    time: required(headers, 'ce_time'),
    orderId: data.orderId,
    data,
  } as AnySagaEvent;
}

function validatePayload<Type extends EventType>(type: Type, data: unknown): EventPayload<Type> {
  const result = events[type].schema.safeParse(data);
  if (result.success) return result.data as EventPayload<Type>;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  throw new ContractViolation(`${type} payload invalid: ${problems.join('; ')}`);
}

function parseJson(value: string | null): unknown {
  if (value === null) throw new ContractViolation('message has no value');
  try {
    return JSON.parse(value);
  } catch {
    throw new ContractViolation('message value is not JSON');
  }
}

function required(headers: Record<string, string | undefined>, name: string): string {
  const value = headers[name];
  if (!value) throw new ContractViolation(`header ${name} is missing`);
  return value;
}
