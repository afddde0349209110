// Consumes order.cancelled.v1; emits fulfilment.failed.v1 (ORDER_CANCELLED) unless the order has
// already shipped or failed; compensates nothing itself (payment refunds, inventory releases).
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { FulfilmentTx } from '../../persistence/fulfilment-database.js';

/**
 * Shipping is the saga's point of no return, so fulfilment arbitrates a cancellation: before a
 * shipment it records the cancellation (a later capture is then refused) and answers failed, which
 * sets off the refund and the release; after a shipment, the shipped event stands.
 */
export async function onOrderCancelled(tx: FulfilmentTx, event: SagaEvent<'order.cancelled.v1'>) {
  const { orderId } = event.data;
  const previous = await tx.fulfilmentDecision.findUnique({ where: { orderId } });
  if (previous) return;
  await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'CANCELLED', reason: event.data.reason } });
  await addToOutbox(tx, newEvent('fulfilment.failed.v1', { orderId, reason: 'ORDER_CANCELLED' }));
}
