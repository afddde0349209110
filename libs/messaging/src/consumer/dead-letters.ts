import { deadLetterTopicOf } from '@saga-shop/contracts';
import type { IncomingMessage, MessageHeaders, OutgoingMessage } from '../broker/broker-client.js';

/** Headers added to a dead letter; redrive strips them again. */
export const deadLetterHeader = {
  error: 'dlq_error',
  errorKind: 'dlq_error_kind',
  attempts: 'dlq_attempts',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  failedAt: 'dlq_failed_at',
} as const;

/**
 * Why a message was parked: it breaks its contract, its reaction said retrying cannot help, the
 * event it would have produced breaks that event's contract (a bug in this service), or a
 * business-level transient error outlasted its retries. Outages are never a reason.
 */
export type DeadLetterKind =
  'contract-violation' | 'permanent-failure' | 'producer-bug' | 'retries-exhausted';

export interface DeadLetterReason {
  kind: DeadLetterKind;
  error: Error;
  attempts: number;
  consumerGroup: string;
}

/** The message as it arrived, to `<topic>.dlq`, with why it failed in its headers. */
export function toDeadLetter(message: IncomingMessage, reason: DeadLetterReason): OutgoingMessage {
  return {
    topic: deadLetterTopicOf(message.topic),
    key: message.key ?? '',
    value: message.value ?? '',
    headers: {
      ...message.headers,
      [deadLetterHeader.error]: reason.error.message.slice(0, 2_000),
      [deadLetterHeader.errorKind]: reason.kind,
      [deadLetterHeader.attempts]: String(reason.attempts),
      [deadLetterHeader.originalTopic]: message.topic,
      [deadLetterHeader.originalPartition]: String(message.partition),
      [deadLetterHeader.originalOffset]: message.offset,
      [deadLetterHeader.consumerGroup]: reason.consumerGroup,
      [deadLetterHeader.failedAt]: new Date().toISOString(),
    },
  };
}

/** A dead letter put back on its original topic, as it first arrived. */
export function fromDeadLetter(message: IncomingMessage): OutgoingMessage {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (!name.startsWith('dlq_')) headers[name] = value;
  }
  const originalTopic =
    message.headers[deadLetterHeader.originalTopic] ?? message.topic.replace(/\.dlq$/, '');
  return { topic: originalTopic, key: message.key ?? '', value: message.value ?? '', headers };
}
