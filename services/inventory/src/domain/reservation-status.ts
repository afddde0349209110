/**
 * Inventory's one answer per order. LIVE holds stock; RELEASED (compensated) and SOLD (shipped)
 * end it; REJECTED reserved nothing; CLOSED is a tombstone for an order cancelled before it was
 * ever reserved, so its late order.placed is rejected instead of holding stock nobody pays for.
 */
export type ReservationStatus = 'LIVE' | 'RELEASED' | 'SOLD' | 'REJECTED' | 'CLOSED';
