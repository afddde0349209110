/** The order's life: PENDING → RESERVED → PAID → COMPLETED, or CANCELLED with a reason. */
export const orderStatuses = ['PENDING', 'RESERVED', 'PAID', 'COMPLETED', 'CANCELLED'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const cancellationReasons = [
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'FULFILMENT_FAILED',
  'CUSTOMER_CANCELLED',
  'TIMEOUT',
] as const;
export type CancellationReason = (typeof cancellationReasons)[number];

/** Who asked to cancel an order that the saga has not finished. */
export const cancellationRequests = ['CUSTOMER_CANCELLED', 'TIMEOUT'] as const;
export type CancellationRequest = (typeof cancellationRequests)[number];

export function isTerminal(status: OrderStatus): boolean {
  return status === 'COMPLETED' || status === 'CANCELLED';
}
