import type { AnySagaEvent } from '@saga-shop/contracts';
import type { Transition } from '../domain/saga-progress.js';

/** Fields that every event repeats and the history would only echo. */
const repeated = new Set(['orderId', 'lines', 'items', 'shippingAddress', 'paymentMethod']);

/**
 * `inventory.reserved.v1` → type `InventoryReserved`, with the event's own facts (reason, amounts,
 * tracking number) and the status it moved the order to, if any.
 */
export function historyEntryOf(event: AnySagaEvent, transition: Transition | null) {
  const [subject = '', verb = ''] = event.type.split('.');
  const detail: Record<string, unknown> = { eventId: event.id };
  for (const [key, value] of Object.entries(event.data)) if (!repeated.has(key)) detail[key] = value;
  if (transition) detail['status'] = transition.status;
  return { type: `${capitalize(subject)}${capitalize(verb)}`, detail };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
