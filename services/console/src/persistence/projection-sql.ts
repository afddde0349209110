import type pg from 'pg';
import type { DeadLetter, SagaLane, SagaStatus, SagaSummary } from '../api/console-api.js';
import { outcomeOf, type RecordedEvent } from '../domain/saga-story.js';

/** Something that runs SQL: a pool, or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface ProjectedMessage {
  /** Null for a dead letter that names no order (no key) or no consumer we know. */
  event: RecordedEvent | null;
  traceId: string | null;
  /** Set for every message of a dead-letter topic. */
  deadLetter?: DeadLetter & { topic: string };
}

interface EventRow {
  id: string;
  order_id: string;
  type: string;
  lane: SagaLane;
  at: Date;
  data: Record<string, unknown>;
  topic: string;
  partition: number;
  offset: string;
  trace_id: string | null;
  dead_letter: RecordedEvent['deadLetter'];
}

/**
 * Records messages and brings their orders' summaries up to date, inside the caller's transaction.
 * The summary rows are locked first, in order id order, so two partitions' batches touching one
 * order take turns, and the second sees the first's events: neither overwrites the other's outcome.
 * Recording a message twice changes nothing (its id is the key).
 */
export async function recordMessages(
  tx: Queryable,
  messages: readonly ProjectedMessage[],
): Promise<string[]> {
  await recordDeadLetters(tx, messages);
  const events = messages.filter(
    (message): message is ProjectedMessage & { event: RecordedEvent } => !!message.event,
  );
  if (events.length === 0) return [];
  const orderIds = [...new Set(events.map(({ event }) => event.orderId))].sort();
  const earliest = new Date(Math.min(...events.map(({ event }) => event.at.getTime())));
  await tx.query(
    `INSERT INTO saga (order_id, started_at) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
    [orderIds, earliest],
  );
  await tx.query(`SELECT 1 FROM saga WHERE order_id = ANY($1) ORDER BY order_id FOR UPDATE`, [orderIds]);
  await tx.query(
    `INSERT INTO saga_event (id, order_id, type, lane, at, data, topic, partition, "offset", trace_id, dead_letter)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(
       id text, order_id text, type text, lane text, at timestamptz, data jsonb, topic text,
       partition integer, "offset" bigint, trace_id text, dead_letter jsonb)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(events.map(toRow))],
  );
  await refreshSummaries(tx, orderIds);
  return orderIds;
}

async function recordDeadLetters(tx: Queryable, messages: readonly ProjectedMessage[]): Promise<void> {
  const letters = messages.flatMap((message) => (message.deadLetter ? [message.deadLetter] : []));
  if (letters.length === 0) return;
  await tx.query(
    `INSERT INTO dead_letter (topic, partition, "offset", key, type, failed_at, error_kind, error,
                              consumer_group, original_partition, original_offset, preview)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS l(topic text, partition integer, "offset" bigint,
       key text, type text, "failedAt" timestamptz, "errorKind" text, error text, "consumerGroup" text,
       "originalPartition" text, "originalOffset" text, preview text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(letters)],
  );
}

function toRow({ event, traceId }: ProjectedMessage & { event: RecordedEvent }) {
  return {
    id: event.id,
    order_id: event.orderId,
    type: event.type,
    lane: event.lane,
    at: event.at.toISOString(),
    data: event.data,
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
    trace_id: traceId,
    dead_letter: event.deadLetter,
  };
}

async function refreshSummaries(tx: Queryable, orderIds: string[]): Promise<void> {
  const byOrder = new Map<string, EventRow[]>();
  for (const row of (await tx.query<EventRow>(eventsOf, [orderIds])).rows) {
    byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
  }
  const summaries = [...byOrder].map(([orderId, rows]) => {
    const events = rows.map(recordedEventOf);
    const outcome = outcomeOf(events);
    const placed = rows.find((row) => row.type.startsWith('order.placed.'));
    return {
      order_id: orderId,
      customer_id: typeof placed?.data['customerId'] === 'string' ? placed.data['customerId'] : null,
      trace_id: placed?.trace_id ?? rows.find((row) => row.trace_id)?.trace_id ?? null,
      status: outcome.status,
      reason: outcome.reason,
      started_at: rows[0]?.at,
      finished_at: outcome.finishedAt,
      events: rows.length,
    };
  });
  await tx.query(
    `UPDATE saga SET customer_id = s.customer_id, trace_id = s.trace_id, status = s.status,
            reason = s.reason, started_at = s.started_at, finished_at = s.finished_at, events = s.events
       FROM jsonb_to_recordset($1::jsonb) AS s(order_id text, customer_id text, trace_id text,
            status text, reason text, started_at timestamptz, finished_at timestamptz, events integer)
      WHERE saga.order_id = s.order_id`,
    [JSON.stringify(summaries)],
  );
}

const eventsOf = `
  SELECT id, order_id, type, lane, at, data, topic, partition, "offset"::text AS offset, trace_id, dead_letter
    FROM saga_event WHERE order_id = ANY($1) ORDER BY at, topic, "offset"`;

function recordedEventOf(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    orderId: row.order_id,
    type: row.type,
    lane: row.lane,
    at: row.at,
    data: row.data,
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    deadLetter: row.dead_letter,
  };
}

interface SagaRow {
  order_id: string;
  customer_id: string | null;
  trace_id: string | null;
  status: SagaStatus;
  reason: string | null;
  started_at: Date;
  finished_at: Date | null;
  events: number;
}

export interface StoredSaga extends Omit<SagaSummary, 'startedAt' | 'finishedAt'> {
  traceId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  recorded: RecordedEvent[];
}

/** One order's summary and events, or null when the projection has seen none of them. */
export async function readSaga(db: Queryable, orderId: string): Promise<StoredSaga | null> {
  const saga = (await db.query<SagaRow>(`SELECT * FROM saga WHERE order_id = $1`, [orderId])).rows[0];
  if (!saga) return null;
  const rows = (await db.query<EventRow>(eventsOf, [[orderId]])).rows;
  return { ...summaryOf(saga), traceId: saga.trace_id, recorded: rows.map(recordedEventOf) };
}

function summaryOf(row: SagaRow) {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    reason: row.reason,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    events: row.events,
  };
}

/** The most recent sagas, of one customer or (customerId null) everyone's. */
export async function listSagas(
  db: Queryable,
  customerId: string | null,
  limit: number,
): Promise<SagaSummary[]> {
  const rows = (
    await db.query<SagaRow>(
      `SELECT * FROM saga WHERE ($1::text IS NULL OR customer_id = $1) ORDER BY started_at DESC LIMIT $2`,
      [customerId, limit],
    )
  ).rows;
  return rows.map((row) => ({
    ...summaryOf(row),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  }));
}

/** Terminal sagas per minute and outcome (COMPLETED or the reason), over the last `minutes`. */
export async function outcomesPerMinute(
  db: Queryable,
  minutes: number,
): Promise<{ minute: Date; outcome: string; count: number }[]> {
  return (
    await db.query<{ minute: Date; outcome: string; count: number }>(
      `SELECT date_trunc('minute', finished_at) AS minute, coalesce(reason, status) AS outcome,
              count(*)::integer AS count
         FROM saga WHERE finished_at >= now() - make_interval(mins => $1)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [minutes],
    )
  ).rows;
}

/** Empties the projection inside the caller's transaction, holding writers off until it commits. */
export async function clearProjection(tx: Queryable): Promise<void> {
  await tx.query(`LOCK TABLE saga, saga_event IN EXCLUSIVE MODE`);
  await tx.query(`LOCK TABLE dead_letter IN EXCLUSIVE MODE`);
  await tx.query(`DELETE FROM saga_event`);
  await tx.query(`DELETE FROM saga`);
  await tx.query(`DELETE FROM dead_letter`);
}

interface DeadLetterRow {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  type: string | null;
  failed_at: Date | null;
  error_kind: string | null;
  error: string | null;
  consumer_group: string | null;
  original_partition: string | null;
  original_offset: string | null;
  preview: string;
}

/** The dead letters of `dlqTopic` at or past `from` per partition (what is not redriven yet). */
export async function deadLettersSince(
  db: Queryable,
  dlqTopic: string,
  from: ReadonlyMap<number, string>,
): Promise<DeadLetter[]> {
  const rows = (
    await db.query<DeadLetterRow>(
      `SELECT d.*, d."offset"::text AS offset FROM dead_letter d
         LEFT JOIN jsonb_each_text($2::jsonb) AS f(partition, since) ON f.partition::integer = d.partition
        WHERE d.topic = $1 AND d."offset" >= coalesce(f.since::bigint, 0)
        ORDER BY d.failed_at, d.partition, d."offset" LIMIT 500`,
      [dlqTopic, JSON.stringify(Object.fromEntries(from))],
    )
  ).rows;
  return rows.map((row) => ({
    partition: row.partition,
    offset: row.offset,
    key: row.key,
    type: row.type,
    failedAt: row.failed_at?.toISOString() ?? null,
    errorKind: row.error_kind,
    error: row.error,
    consumerGroup: row.consumer_group,
    originalPartition: row.original_partition,
    originalOffset: row.original_offset,
    preview: row.preview,
  }));
}
