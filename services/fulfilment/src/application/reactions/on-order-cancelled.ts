// Consumes order.cancelled.v1; emits fulfilment.failed.v1 (ORDER_CANCELLED) unless the order has
// already shipped or failed; compensates nothing itself (payment refunds, inventory releases).
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { addToOutbox } from '@saga-shop/messaging';
import type { FulfilmentTx } from '../../persistence/fulfilment-database.js';

/**
 * Shipping is the saga's point of no return, so fulfilment arbitrates a cancellation: before
 * dispatch (nothing yet, or still PACKING) it records the cancellation, so a later capture is
 * refused, and answers failed, which sets off the refund and the release; after dispatch, the
 * shipped event stands.
 */
export async function onOrderCancelled(tx: FulfilmentTx, event: SagaEvent<'order.cancelled.v1'>) {
  const { orderId, reason } = event.data;
  const previous = await tx.fulfilmentDecision.findUnique({ where: { orderId } });
  if (previous && previous.outcome !== 'PACKING') return;
  if (previous) {
    await tx.shipment.delete({ where: { orderId } });
    await tx.fulfilmentDecision.update({
      where: { orderId },
      data: { outcome: 'CANCELLED', reason, decidedAt: new Date() },
    });
  } else {
    await tx.fulfilmentDecision.create({ data: { orderId, outcome: 'CANCELLED', reason } });
  }
  await addToOutbox(tx, newEvent('fulfilment.failed.v1', { orderId, reason: 'ORDER_CANCELLED' }));
}
