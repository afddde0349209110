import { newEvent } from '@saga-shop/contracts';
import { addToOutbox, contextFromHeaders } from '@saga-shop/messaging';
import { context } from '@opentelemetry/api';
import type { CancellationRequest, OrderStatus } from '../domain/order-status.js';
import { canRequestCancellation } from '../domain/saga-progress.js';
import type { OrderTx } from '../persistence/order-database.js';

export type CancellationResult =
  | { kind: 'accepted'; status: OrderStatus }
  | { kind: 'not-found' }
  | { kind: 'too-late'; status: OrderStatus };

/**
 * Records a customer's (or the watchdog's) wish to cancel and announces it with `order.cancelled.v1`.
 * The order turns CANCELLED when the saga answers: fulfilment arbitrates, because once a parcel has
 * shipped the cancellation cannot win. Asking twice announces once.
 */
export async function requestCancellation(
  tx: OrderTx,
  orderId: string,
  reason: CancellationRequest,
): Promise<CancellationResult> {
  const [order] = await tx.$queryRawUnsafe<
    { status: OrderStatus; cancellation_requested: string | null; trace_headers: Record<string, string> }[]
  >(
    'SELECT status, cancellation_requested, trace_headers FROM orders WHERE id = $1::uuid FOR UPDATE',
    orderId,
  );
  if (!order) return { kind: 'not-found' };
  const state = { status: order.status, cancellationRequested: null };
  if (!canRequestCancellation(state)) return { kind: 'too-late', status: order.status };
  if (order.cancellation_requested) return { kind: 'accepted', status: order.status };

  const now = new Date();
  await tx.order.update({ where: { id: orderId }, data: { cancellationRequested: reason, updatedAt: now } });
  await tx.orderEntry.create({
    data: { orderId, at: now, type: 'CancellationRequested', detail: { reason } },
  });
  // The cancellation and every compensation it sets off join the trace of the order itself.
  await context.with(contextFromHeaders(order.trace_headers), () =>
    addToOutbox(tx, newEvent('order.cancelled.v1', { orderId, reason, cancelledAt: now.toISOString() })),
  );
  return { kind: 'accepted', status: order.status };
}
