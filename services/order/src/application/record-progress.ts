import type { AnySagaEvent } from '@saga-shop/contracts';
import { PermanentFailure } from '@saga-shop/messaging';
import { isTerminal } from '../domain/order-status.js';
import { nextStatus, type SagaProgress } from '../domain/saga-progress.js';
import { historyEntryOf } from './history-entry.js';
import type { OrderBatch } from './order-batch.js';

/**
 * Applies one saga event to its order, in memory: move the status if the event allows it, and
 * always record the event in the history. The working set loaded the order locked (events of one
 * order on different topics may be handled at once) and saves what changed.
 */
export function recordProgress(
  batch: OrderBatch,
  event: AnySagaEvent,
  progress: SagaProgress,
  totals?: { totalCents: number; currency: string },
): void {
  const order = batch.order(event.orderId);
  // Retrying cannot make an unknown order appear: park the event for a human to look at.
  if (!order) throw new PermanentFailure(`${event.type} for unknown order ${event.orderId}`);

  const transition = nextStatus(
    { status: order.status, cancellationRequested: order.cancellationRequested },
    progress,
  );
  const now = new Date();
  const terminal = transition !== null && isTerminal(transition.status);
  batch.update(order, {
    ...(totals ?? {}),
    ...(transition
      ? { status: transition.status, reason: 'reason' in transition ? transition.reason : null }
      : {}),
    ...(terminal ? { terminalAt: now } : {}),
    updatedAt: now,
  });
  batch.history.push({ orderId: order.id, at: now, ...historyEntryOf(event, transition) });
  if (terminal) {
    batch.finished.push({
      status: transition.status,
      reason: 'reason' in transition ? transition.reason : '',
      secondsToTerminal: (now.getTime() - order.createdAt.getTime()) / 1_000,
    });
  }
}
