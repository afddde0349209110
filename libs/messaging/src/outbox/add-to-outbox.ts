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
  for (const event of events) {
    const encoded = encodeEvent(event);
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox (event_id, topic, message_key, payload, headers)
       VALUES ($1::uuid, $2, $3, $4, $5::jsonb)`,
      event.id,
      encoded.topic,
      encoded.key,
      encoded.value,
      JSON.stringify({ ...encoded.headers, ...traceHeaders }),
    );
  }
  await tx.$executeRawUnsafe(`SELECT pg_notify('${outboxChannel}', '')`);
}
