import { consumerGroupOf, decodeEvent, sagaServices, type SagaService } from '@saga-shop/contracts';
import { deadLetterHeader, type IncomingMessage } from '@saga-shop/messaging';
import type { ProjectedMessage } from '../persistence/projection-sql.js';

const dlqSuffix = '.dlq';

/**
 * What the projection records of one consumed message, or null for what tells no order's story.
 * An event must pass the same contract check as the saga's consumers (a message they would
 * dead-letter is skipped here: its dead letter arrives on the `.dlq` twin and is recorded then).
 * A dead letter is always recorded as it is (the operations page lists it), undecodable payload
 * included, and on the timeline of the order its key names.
 */
export function projectedMessageOf(message: IncomingMessage): ProjectedMessage | null {
  return message.topic.endsWith(dlqSuffix) ? deadLetterOf(message) : eventOf(message);
}

function eventOf(message: IncomingMessage): ProjectedMessage | null {
  let event;
  try {
    event = decodeEvent(message);
  } catch {
    return null;
  }
  return {
    event: {
      id: event.id,
      orderId: event.orderId,
      type: event.type,
      lane: event.source.replace('/saga-shop/', '') as SagaService,
      at: new Date(event.time),
      data: event.data as Record<string, unknown>,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      deadLetter: null,
    },
    traceId: traceIdOf(message.headers['traceparent']),
  };
}

function deadLetterOf(message: IncomingMessage): ProjectedMessage {
  const { headers } = message;
  const consumerGroup = headers[deadLetterHeader.consumerGroup] ?? '';
  const lane = sagaServices.find((service) => consumerGroup === consumerGroupOf(service));
  const type = headers['ce_type'] ?? message.topic.slice(0, -dlqSuffix.length);
  const failedAt = new Date(headers[deadLetterHeader.failedAt] ?? message.timestamp);
  const at = Number.isNaN(failedAt.getTime()) ? new Date(message.timestamp) : failedAt;
  const reason = {
    errorKind: headers[deadLetterHeader.errorKind] ?? 'unknown',
    error: headers[deadLetterHeader.error] ?? '',
    consumerGroup,
  };
  return {
    // On the order's timeline too, in the lane of the consumer that parked it.
    event:
      message.key && lane
        ? {
            id: `dlq:${message.topic}:${message.partition}:${message.offset}`,
            orderId: message.key,
            type,
            lane,
            at,
            data: payloadOf(message.value),
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            deadLetter: reason,
          }
        : null,
    traceId: traceIdOf(headers['traceparent']),
    deadLetter: {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      type,
      failedAt: at.toISOString(),
      ...reason,
      originalPartition: headers[deadLetterHeader.originalPartition] ?? null,
      originalOffset: headers[deadLetterHeader.originalOffset] ?? null,
      preview: (message.value ?? '').slice(0, 500),
    },
  };
}

/** A dead letter's payload may be anything; kept as JSON when it is an object, as text otherwise. */
function payloadOf(value: string | null): Record<string, unknown> {
  if (value === null) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON: shown as text below
  }
  return { raw: value.slice(0, 2_000) };
}

/** The trace id of a W3C traceparent (`00-<trace id>-<span id>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent ?? '');
  return match?.[1] ?? null;
}
