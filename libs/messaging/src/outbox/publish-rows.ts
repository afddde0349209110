import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import type { BrokerProducer, OutgoingMessage } from '../broker/broker-client.js';
import { statement } from '../sql/statement.js';
import type { PublishableRow } from './outbox-row.js';
import { relayMetrics } from './relay-metrics.js';

export interface OutboxRow extends PublishableRow {
  id: string;
  created_at: Date;
  /** When the writing transaction committed; null unless track_commit_timestamp is on. */
  committed_at: Date | null;
}

export interface BatchLimits {
  rows: number;
  bytes: number;
}

/** The minimum a client needs: the relay's own dedicated connection. */
export interface RelayConnection {
  query<Row>(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: Row[] }>;
}

// created_at is the writing transaction's start; its commit time is read while the row still
// carries that transaction's xmin (only where the server tracks commit timestamps).
const selectPending = statement(
  'outbox-select-pending',
  `SELECT id, event_id, topic, message_key, payload, headers, created_at,
          CASE WHEN current_setting('track_commit_timestamp') = 'on'
               THEN pg_xact_commit_timestamp(xmin) END AS committed_at
     FROM outbox WHERE quarantined_at IS NULL ORDER BY id LIMIT $1`,
);
// Kafka holds the published event now; the row has done its job.
const deletePublished = statement(
  'outbox-delete-published',
  'DELETE FROM outbox WHERE id = ANY($1::bigint[])',
);
const quarantine = statement(
  'outbox-quarantine',
  'UPDATE outbox SET quarantined_at = now(), quarantine_reason = $2 WHERE id = $1',
);

// What the row weighs on the wire: characters outside ASCII take two to four bytes.
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The oldest rows not yet published, in id order, as many as fit `limits` (always at least one). */
export async function readPending(client: RelayConnection, limits: BatchLimits): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRow>({ ...selectPending, values: [limits.rows] });
  let bytes = 0;
  const fitting: OutboxRow[] = [];
  for (const row of rows) {
    bytes += utf8Bytes(row.payload) + utf8Bytes(JSON.stringify(row.headers)) + utf8Bytes(row.message_key);
    if (fitting.length > 0 && bytes > limits.bytes) break;
    fitting.push(row);
  }
  return fitting;
}

/** Sends `rows` as one batch (acks=all); on success deletes them and records the relay lag. */
export async function sendAndDelete(client: RelayConnection, producer: BrokerProducer, rows: OutboxRow[]) {
  const started = performance.now();
  const spans = rows.map(startPublishSpan);
  try {
    await producer.send(rows.map((row, index) => toMessage(row, spans[index]!)));
  } catch (error) {
    relayMetrics.publishFailures.inc();
    for (const span of spans) endSpan(span, error as Error);
    throw error;
  }
  const appendedAt = Date.now();
  for (const span of spans) endSpan(span);
  await client.query({ ...deletePublished, values: [rows.map((row) => row.id)] });
  relayMetrics.published.inc(rows.length);
  relayMetrics.batchSize.observe(rows.length);
  relayMetrics.publishSeconds.observe((performance.now() - started) / 1_000);
  for (const row of rows) {
    const committed = (row.committed_at ?? row.created_at).getTime();
    relayMetrics.relayLagSeconds.observe((appendedAt - committed) / 1_000);
  }
}

/** Sets a row the broker refuses for good aside, with why, so the rows behind it flow on. */
export async function quarantineRow(client: RelayConnection, row: OutboxRow, reason: string) {
  await client.query({ ...quarantine, values: [row.id, reason.slice(0, 2_000)] });
  relayMetrics.quarantined.inc();
}

const tracer = trace.getTracer('@saga-shop/messaging');

/**
 * The produce span is a child of the span that wrote the row (its context is stored in the row),
 * which is how the trace crosses the outbox table.
 */
export function startPublishSpan(row: PublishableRow): Span {
  const parent = propagation.extract(context.active(), row.headers);
  return tracer.startSpan(
    `publish ${row.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'publish',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': row.topic,
        'messaging.message.id': row.event_id,
        'messaging.kafka.message.key': row.message_key,
      },
    },
    parent,
  );
}

/** The message carries the produce span's context, so each consumer continues from it. */
export function toMessage(row: PublishableRow, span: Span): OutgoingMessage {
  const headers = { ...row.headers };
  delete headers['traceparent'];
  delete headers['tracestate'];
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return { topic: row.topic, key: row.message_key, value: row.payload, headers };
}

export function endSpan(span: Span, error?: Error) {
  if (error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}
