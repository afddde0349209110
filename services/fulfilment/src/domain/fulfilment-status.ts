/** A shipment's life: PACKING until dispatched; SHIPPED for good; CANCELLED if a cancellation won. */
export type ShipmentStatus = 'PACKING' | 'SHIPPED' | 'CANCELLED';

/** Fulfilment's one answer per order (the arbiter of cancellations). */
export type DecisionOutcome = 'PACKING' | 'SHIPPED' | 'FAILED' | 'CANCELLED';
