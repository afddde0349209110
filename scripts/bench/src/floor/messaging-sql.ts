// The inbox and outbox statements of the floor: the same texts as libs/messaging's inbox.ts,
// outbox-row.ts and publish-rows.ts (the floor may only import libs, and libs/messaging would
// bring its tracing and metrics along, so the texts are repeated here, not shared).
import { encodeEvent, type AnySagaEvent, type SagaEvent } from '@saga-shop/contracts';
import type pg from 'pg';

/** A named statement: node-pg prepares it once per connection, so PostgreSQL plans it once. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name, text: text.replace(/\s+/g, ' ').trim() };
}

export async function query<Row extends pg.QueryResultRow>(
  client: pg.ClientBase | pg.Pool,
  { name, text }: Statement,
  values: unknown[] = [],
): Promise<Row[]> {
  return (await client.query<Row>({ name, text, values })).rows;
}

const inboxClaim = statement(
  'inbox-claim',
  `INSERT INTO inbox (event_id, event_type)
   SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
);

/** Records the batch's events in the inbox; returns those seen for the first time, in batch order. */
export async function claimInInbox(client: pg.ClientBase, events: AnySagaEvent[]): Promise<AnySagaEvent[]> {
  const rows = await query<{ event_id: string }>(client, inboxClaim, [
    events.map((event) => event.id),
    events.map((event) => event.type),
  ]);
  const fresh = new Set(rows.map((row) => row.event_id));
  // A redelivered event is missing from `fresh`; one repeated within the batch is applied once.
  return events.filter((event) => fresh.delete(event.id));
}

const outboxInsert = statement(
  'outbox-insert',
  `INSERT INTO outbox (event_id, topic, message_key, payload, headers)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
);

/** All of a transaction's events in one statement, each validated against its contract first. */
export async function insertOutboxRows(client: pg.ClientBase, events: SagaEvent[]): Promise<void> {
  if (events.length === 0) return;
  const encoded = events.map((event) => ({ id: event.id, ...encodeEvent(event) }));
  await query(client, outboxInsert, [
    encoded.map((row) => row.id),
    encoded.map((row) => row.topic),
    encoded.map((row) => row.key),
    encoded.map((row) => row.value),
    encoded.map((row) => JSON.stringify(row.headers)),
  ]);
}

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

export const selectPending = statement(
  'outbox-select-pending',
  `SELECT id, event_id, topic, message_key, payload, headers, created_at,
          CASE WHEN current_setting('track_commit_timestamp') = 'on'
               THEN pg_xact_commit_timestamp(xmin) END AS committed_at
     FROM outbox WHERE quarantined_at IS NULL ORDER BY id LIMIT $1`,
);

export const deletePublished = statement(
  'outbox-delete-published',
  'DELETE FROM outbox WHERE id = ANY($1::bigint[])',
);

/**
 * BEGIN, `work`, the events it emits as outbox rows, COMMIT: what the services' TransactionRunner
 * does. Returns how many outbox rows committed (the caller wakes its relay when there are any).
 */
export async function commitWithOutbox(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<SagaEvent[]>,
): Promise<number> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const emitted = await work(client);
    await insertOutboxRows(client, emitted);
    await client.query('COMMIT');
    return emitted.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
