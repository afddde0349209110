/**
 * Which destinations fulfilment can serve. `AQ` (Antarctica) is the documented test input that
 * makes fulfilment fail, like a card gateway's test card numbers.
 */
export const unservedCountries: ReadonlySet<string> = new Set(['AQ']);

export type ShippingDecision =
  { ship: true } | { ship: false; reason: 'UNSERVICEABLE_DESTINATION' | 'ORDER_CANCELLED' };

/** Decides whether a paid order ships. A cancelled order never ships, wherever it goes. */
export function decideShipping(input: { country: string; orderCancelled: boolean }): ShippingDecision {
  if (input.orderCancelled) return { ship: false, reason: 'ORDER_CANCELLED' };
  if (unservedCountries.has(input.country)) return { ship: false, reason: 'UNSERVICEABLE_DESTINATION' };
  return { ship: true };
}

/** A human-readable tracking number derived from the shipment id (stable across redeliveries). */
export function trackingNumberFor(shipmentId: string): string {
  return `SS-${shipmentId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;
}
