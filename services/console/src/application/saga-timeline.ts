import type { Principal } from '@saga-shop/auth';
import { sagaServices } from '@saga-shop/contracts';
import type { SagaTimeline } from '../api/console-api.js';
import { byTime, timelineEventOf } from '../domain/saga-story.js';
import { readSaga, type Queryable } from '../persistence/projection-sql.js';

/**
 * One order's timeline as the projection tells it, or null when it has none or it is another
 * customer's (the same answer, as the order service gives: 404).
 */
export async function sagaTimelineFor(
  db: Queryable,
  orderId: string,
  caller: Principal,
): Promise<SagaTimeline | null> {
  const saga = await readSaga(db, orderId);
  if (!saga || (!caller.isStaff && saga.customerId !== caller.subject)) return null;
  return {
    orderId: saga.orderId,
    customerId: saga.customerId,
    status: saga.status,
    reason: saga.reason,
    traceId: saga.traceId,
    startedAt: saga.startedAt.toISOString(),
    finishedAt: saga.finishedAt?.toISOString() ?? null,
    lanes: [...sagaServices],
    events: [...saga.recorded].sort(byTime).map(timelineEventOf),
  };
}
