import { encodeEvent, type SagaEvent } from '@saga-shop/contracts';
import type { SqlExecutor } from '../sql-executor.js';
import { currentTraceHeaders } from '../tracing/trace-headers.js';
import { holdForDualWrite } from './dual-write.js';

/** The channel the relay LISTENs on; NOTIFY is delivered only when the writing transaction commits. */
export const outboxChannel = 'saga_outbox';

/**
 * Records `events` in the outbox inside the caller's transaction, so the state change and the
 * events it announces commit together or not at all. Nothing talks to Kafka here: the relay
 * publishes after commit. The row keeps the trace context of the code that wrote it, so the
 * trace survives the hop through the table.
 */
export async function addToOutbox(tx: SqlExecutor, ...events: SagaEvent[]): Promise<void> {
  const traceHeaders = currentTraceHeaders();
  // Only inside DualWritePublisher.commitThenPublish (the benchmark's unsafe baseline).
  if (holdForDualWrite(events, traceHeaders)) return;
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((event) => {
    const encoded = encodeEvent(event);
    values.push(
      event.id,
      encoded.topic,
      encoded.key,
      encoded.value,
      JSON.stringify({ ...encoded.headers, ...traceHeaders }),
    );
    const at = values.length - 4;
    return `($${at}::uuid, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb)`;
  });
  // One round trip for every row and the wake-up: a data-modifying CTE always runs in full.
  await tx.$executeRawUnsafe(
    `WITH inserted AS (
       INSERT INTO outbox (event_id, topic, message_key, payload, headers) VALUES ${rows.join(', ')}
       RETURNING id)
     SELECT pg_notify('${outboxChannel}', '')`,
    ...values,
  );
}
