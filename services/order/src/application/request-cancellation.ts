import { context } from '@opentelemetry/api';
import { newEvent } from '@saga-shop/contracts';
import { contextFromHeaders, type SagaTransaction } from '@saga-shop/messaging';
import type { CancellationRequest, OrderStatus } from '../domain/order-status.js';
import { canRequestCancellation } from '../domain/saga-progress.js';
import { lockForCancel, markCancellationRequested } from '../persistence/order-sql.js';

export type CancellationResult =
  | { kind: 'accepted'; status: OrderStatus }
  | { kind: 'not-found' }
  | { kind: 'too-late'; status: OrderStatus };

/**
 * Records a customer's (or the watchdog's) wish to cancel and announces it with `order.cancelled.v1`.
 * The order turns CANCELLED when the saga answers: fulfilment arbitrates, because once a parcel has
 * shipped the cancellation cannot win. Asking twice announces once; `resend` announces an
 * unanswered request again (the watchdog's doing). With `ownedBy`, another customer's order is
 * not found, exactly like an order that does not exist, so ids reveal nothing.
 */
export async function requestCancellation(
  tx: SagaTransaction,
  orderId: string,
  reason: CancellationRequest,
  { resend = false, ownedBy }: { resend?: boolean; ownedBy?: string } = {},
): Promise<CancellationResult> {
  const order = await lockForCancel(tx, orderId);
  if (!order || (ownedBy !== undefined && order.customerId !== ownedBy)) return { kind: 'not-found' };
  if (!canRequestCancellation({ status: order.status, cancellationRequested: null })) {
    return { kind: 'too-late', status: order.status };
  }
  if (order.cancellationRequested && !resend) return { kind: 'accepted', status: order.status };

  const now = new Date();
  const requested = order.cancellationRequested ?? reason;
  await markCancellationRequested(
    tx,
    orderId,
    requested,
    now,
    resend ? 'CancellationResent' : 'CancellationRequested',
  );
  // The cancellation and every compensation it sets off join the trace of the order itself.
  context.with(contextFromHeaders(order.traceHeaders), () =>
    tx.publish(
      newEvent('order.cancelled.v1', { orderId, reason: requested, cancelledAt: now.toISOString() }),
    ),
  );
  return { kind: 'accepted', status: order.status };
}
