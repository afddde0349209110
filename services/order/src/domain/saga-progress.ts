import {
  type CancellationReason,
  type CancellationRequest,
  type OrderStatus,
  isTerminal,
} from './order-status.js';

/** What a saga event means for the order, independent of how it travelled. */
export type SagaProgress =
  | { kind: 'reserved' }
  | { kind: 'paid' }
  | { kind: 'shipped' }
  /** A step failed; `cause` CANCELLATION means it refused because the order was being cancelled. */
  | { kind: 'failed'; cause: Exclude<CancellationReason, CancellationRequest> | 'CANCELLATION' }
  /** A compensation finished (refund, release): history only. */
  | { kind: 'compensated' };

export interface OrderState {
  status: OrderStatus;
  cancellationRequested: CancellationRequest | null;
}

export type Transition =
  { status: Exclude<OrderStatus, 'CANCELLED'> } | { status: 'CANCELLED'; reason: CancellationReason };

const rank: Record<OrderStatus, number> = { PENDING: 0, RESERVED: 1, PAID: 2, COMPLETED: 3, CANCELLED: 3 };

/**
 * The order's next status, or null when the event changes nothing. Events of different topics may
 * arrive in any order (a shipment can be read before its payment), so status only moves forward and
 * a terminal order never changes: a late event is recorded in history, never applied.
 */
export function nextStatus(order: OrderState, progress: SagaProgress): Transition | null {
  if (isTerminal(order.status)) return null;
  switch (progress.kind) {
    case 'reserved':
      return forward(order.status, 'RESERVED');
    case 'paid':
      return forward(order.status, 'PAID');
    case 'shipped':
      return { status: 'COMPLETED' };
    case 'failed':
      return {
        status: 'CANCELLED',
        reason:
          progress.cause === 'CANCELLATION'
            ? (order.cancellationRequested ?? 'CUSTOMER_CANCELLED')
            : progress.cause,
      };
    case 'compensated':
      return null;
  }
}

function forward(from: OrderStatus, to: 'RESERVED' | 'PAID'): Transition | null {
  return rank[to] > rank[from] ? { status: to } : null;
}

/** A customer may ask to cancel until the order is terminal; shipping decides whether it wins. */
export function canRequestCancellation(order: OrderState): boolean {
  return !isTerminal(order.status);
}
