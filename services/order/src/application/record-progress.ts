import type { AnySagaEvent } from '@saga-shop/contracts';
import { PermanentFailure } from '@saga-shop/messaging';
import type { CancellationRequest, OrderStatus } from '../domain/order-status.js';
import { isTerminal } from '../domain/order-status.js';
import { nextStatus, type SagaProgress } from '../domain/saga-progress.js';
import type { OrderTx } from '../persistence/order-database.js';
import { historyEntryOf } from './history-entry.js';
import { sagaMetrics } from './saga-metrics.js';

interface LockedOrder {
  status: OrderStatus;
  cancellation_requested: CancellationRequest | null;
  created_at: Date;
}

/**
 * Applies one saga event to its order: lock the row (events of one order on different topics may be
 * handled at once), move the status if the event allows it, and always record it in the history.
 */
export async function recordProgress(
  tx: OrderTx,
  event: AnySagaEvent,
  progress: SagaProgress,
  totals?: { totalCents: number; currency: string },
): Promise<void> {
  const [order] = await tx.$queryRawUnsafe<LockedOrder[]>(
    'SELECT status, cancellation_requested, created_at FROM orders WHERE id = $1::uuid FOR UPDATE',
    event.orderId,
  );
  // Retrying cannot make an unknown order appear: park the event for a human to look at.
  if (!order) throw new PermanentFailure(`${event.type} for unknown order ${event.orderId}`);

  const transition = nextStatus(
    { status: order.status, cancellationRequested: order.cancellation_requested },
    progress,
  );
  const now = new Date();
  const entry = historyEntryOf(event, transition);
  const terminal = transition !== null && isTerminal(transition.status);
  // The hot path of every reaction: one statement for the order update and its history entry
  // (through Prisma it was three round trips, see scripts/bench/README.md).
  await tx.$executeRawUnsafe(
    `WITH updated AS (
       UPDATE orders SET
         status = COALESCE($2, status),
         reason = COALESCE($3, reason),
         total_cents = COALESCE($4, total_cents),
         currency = COALESCE($5, currency),
         terminal_at = CASE WHEN $6 THEN $7::timestamptz ELSE terminal_at END,
         updated_at = $7::timestamptz
       WHERE id = $1::uuid)
     INSERT INTO order_history (order_id, at, type, detail) VALUES ($1::uuid, $7::timestamptz, $8, $9::jsonb)`,
    event.orderId,
    transition?.status ?? null,
    transition && 'reason' in transition ? transition.reason : null,
    totals?.totalCents ?? null,
    totals?.currency ?? null,
    terminal,
    now,
    entry.type,
    JSON.stringify(entry.detail),
  );
  if (terminal) {
    const reason = 'reason' in transition ? transition.reason : '';
    sagaMetrics.outcomes.inc({ status: transition.status, reason });
    sagaMetrics.timeToTerminal.observe(
      { status: transition.status },
      (now.getTime() - order.created_at.getTime()) / 1_000,
    );
  }
}
