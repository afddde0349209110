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
  await tx.order.update({
    where: { id: event.orderId },
    data: {
      ...(totals ?? {}),
      ...(transition ?? {}),
      ...(transition && isTerminal(transition.status) ? { terminalAt: now } : {}),
      updatedAt: now,
    },
  });
  await tx.orderEntry.create({
    data: { orderId: event.orderId, at: now, ...historyEntryOf(event, transition) },
  });
  if (transition && isTerminal(transition.status)) {
    const reason = 'reason' in transition ? transition.reason : '';
    sagaMetrics.outcomes.inc({ status: transition.status, reason });
    sagaMetrics.timeToTerminal.observe(
      { status: transition.status },
      (now.getTime() - order.created_at.getTime()) / 1_000,
    );
  }
}
