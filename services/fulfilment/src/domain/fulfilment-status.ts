/** A shipment's life: PACKING until dispatched; SHIPPED for good; CANCELLED if a cancellation won. */
export const shipmentStatuses = ['PACKING', 'SHIPPED', 'CANCELLED'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/** Fulfilment's one answer per order (the arbiter of cancellations). */
export type DecisionOutcome = 'PACKING' | 'SHIPPED' | 'FAILED' | 'CANCELLED';
