/** The order's life: PENDING → RESERVED → PAID → COMPLETED, or CANCELLED with a reason. */
export type OrderStatus = 'PENDING' | 'RESERVED' | 'PAID' | 'COMPLETED' | 'CANCELLED';

export type CancellationReason =
  'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'FULFILMENT_FAILED' | 'CUSTOMER_CANCELLED' | 'TIMEOUT';

/** Who asked to cancel an order that the saga has not finished. */
export type CancellationRequest = 'CUSTOMER_CANCELLED' | 'TIMEOUT';

export function isTerminal(status: OrderStatus): boolean {
  return status === 'COMPLETED' || status === 'CANCELLED';
}
