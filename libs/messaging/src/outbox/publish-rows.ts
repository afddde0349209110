import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import type pg from 'pg';
import type { BrokerProducer, OutgoingMessage } from '../broker/broker-client.js';
import { relayMetrics } from './relay-metrics.js';

/** What is published of an event: as stored in an outbox row, or as held by the dual-write path. */
export interface PublishableRow {
  event_id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

export interface OutboxRow extends PublishableRow {
  id: string;
  created_at: Date;
  /** When the writing transaction committed; null unless track_commit_timestamp is on. */
  committed_at: Date | null;
}

const tracer = trace.getTracer('@saga-shop/messaging');

/** Sends the oldest unpublished rows as one batch, then marks them. Returns how many it sent. */
export async function publishRows(client: pg.PoolClient, producer: BrokerProducer, limit: number) {
  const { rows } = await client.query<OutboxRow>(
    // created_at is the writing transaction's start; its commit time is read while the row still
    // carries that transaction's xmin (only where the server tracks commit timestamps).
    `SELECT id, event_id, topic, message_key, payload, headers, created_at,
            CASE WHEN current_setting('track_commit_timestamp') = 'on'
                 THEN pg_xact_commit_timestamp(xmin) END AS committed_at
       FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  if (rows.length === 0) return 0;

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

  await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
    rows.map((row) => row.id),
  ]);
  relayMetrics.published.inc(rows.length);
  relayMetrics.batchSize.observe(rows.length);
  relayMetrics.publishSeconds.observe((performance.now() - started) / 1_000);
  for (const row of rows)
    relayMetrics.relayLagSeconds.observe(
      (appendedAt - (row.committed_at ?? row.created_at).getTime()) / 1_000,
    );
  return rows.length;
}

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
