import type { AnySagaEvent } from '@saga-shop/contracts';
import type { SagaTransaction } from '../transaction/saga-transaction.js';
import { statement } from '../sql/statement.js';

const claim = statement(
  'inbox-claim',
  `INSERT INTO inbox (event_id, event_type)
   SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
);

/**
 * Records that this service handled `events`, in the same transaction as their effects, with one
 * statement for the whole batch. Returns the ids seen for the first time: a redelivered event is
 * missing from it, so its effect is skipped while its offset is still committed.
 */
export async function claimInInbox(
  tx: SagaTransaction,
  events: readonly AnySagaEvent[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await tx.query<{ event_id: string }>(claim, [
    events.map((event) => event.id),
    events.map((event) => event.type),
  ]);
  return new Set(rows.map((row) => row.event_id));
}
