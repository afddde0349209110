/**
 * One payment record per order. PENDING claims the order before the gateway is called (so a
 * cancellation and a capture cannot both win); CAPTURED or DECLINED records the gateway's answer;
 * REFUND_PENDING, then REFUNDED, a compensation; CANCELLED is a tombstone for an order cancelled
 * before any charge, so a later inventory.reserved is refused.
 */
export const paymentStatuses = [
  'PENDING',
  'CAPTURED',
  'DECLINED',
  'REFUND_PENDING',
  'REFUNDED',
  'CANCELLED',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const declineReasons = ['CARD_DECLINED', 'GATEWAY_UNAVAILABLE'] as const;
export type DeclineReason = (typeof declineReasons)[number];

export type RefundCause = 'FULFILMENT_FAILED' | 'ORDER_CANCELLED';
