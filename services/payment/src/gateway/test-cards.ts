/**
 * The simulated gateway's test cards (the `paymentMethod` of an order), deterministic like a real
 * gateway's test card numbers:
 *
 * | method          | charge                                                            |
 * | --------------- | ----------------------------------------------------------------- |
 * | `card_ok`       | captured                                                          |
 * | `card_declined` | declined                                                          |
 * | `card_flaky`    | unavailable for the first two calls of a payment, then captured   |
 * | anything else   | declined (an unknown card is never charged)                       |
 */
export const testCards = {
  ok: 'card_ok',
  declined: 'card_declined',
  flaky: 'card_flaky',
} as const;

/** How many calls `card_flaky` is unavailable for, per idempotency key, before it pays. */
export const flakyFailuresPerPayment = 2;

export function chargesCard(method: string): boolean {
  return method === testCards.ok || method === testCards.flaky;
}
