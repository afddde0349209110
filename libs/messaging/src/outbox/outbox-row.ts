import { ContractViolation, encodeEvent, type SagaEvent } from '@saga-shop/contracts';
import { ProducerContractViolation } from '../consumer/failures.js';
import { statement } from '../sql/statement.js';
import { currentTraceHeaders } from '../tracing/trace-headers.js';

/** What is published of an event: as stored in an outbox row, or as held by the dual-write path. */
export interface PublishableRow {
  event_id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Encodes `event` as its outbox row, validated against its own contract, with the trace context of
 * the code that wrote it (so the trace survives the hop through the table). A payload that breaks
 * its schema is a bug in this service: ProducerContractViolation, never retried as transient.
 */
export function toOutboxRow(event: SagaEvent): PublishableRow {
  let encoded;
  try {
    encoded = encodeEvent(event);
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    throw new ProducerContractViolation(`refusing to publish: ${error.message}`, { cause: error });
  }
  return {
    event_id: event.id,
    topic: encoded.topic,
    message_key: encoded.key,
    payload: encoded.value,
    headers: { ...encoded.headers, ...currentTraceHeaders() },
  };
}

/** All of a transaction's outbox rows in one statement, whatever their number (static shape). */
export const insertOutboxRows = statement(
  'outbox-insert',
  `INSERT INTO outbox (event_id, topic, message_key, payload, headers)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
);

export function outboxRowValues(rows: readonly PublishableRow[]): unknown[] {
  return [
    rows.map((row) => row.event_id),
    rows.map((row) => row.topic),
    rows.map((row) => row.message_key),
    rows.map((row) => row.payload),
    rows.map((row) => JSON.stringify(row.headers)),
  ];
}
