import type { SagaEvent } from '@saga-shop/contracts';
import type { SqlExecutor } from '../sql-executor.js';

/**
 * Records that this service handled `event`, inside the same transaction as the handling itself.
 * Returns false when the event was handled before (a redelivery): the caller skips the effect and
 * still commits the offset, so the duplicate changes nothing.
 */
export async function claimInInbox(tx: SqlExecutor, event: SagaEvent): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    'INSERT INTO inbox (event_id, event_type) VALUES ($1::uuid, $2) ON CONFLICT (event_id) DO NOTHING',
    event.id,
    event.type,
  );
  return inserted === 1;
}

export type TransactionRunner<Tx extends SqlExecutor> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Handles `event` at most once: inbox claim and reaction commit together or not at all.
 * Returns 'duplicate' when the inbox already had it.
 */
export async function handleOnce<Tx extends SqlExecutor>(
  transaction: TransactionRunner<Tx>,
  event: SagaEvent,
  reaction: (tx: Tx) => Promise<void>,
): Promise<'applied' | 'duplicate'> {
  return transaction(async (tx) => {
    if (!(await claimInInbox(tx, event))) return 'duplicate';
    await reaction(tx);
    return 'applied';
  });
}
