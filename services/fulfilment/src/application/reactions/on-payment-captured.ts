// Consumes payment.captured.v1; emits fulfilment.shipped.v1 (at once, or after packing) or fulfilment.failed.v1.
import { randomUUID } from 'node:crypto';
import { newEvent, type SagaEvent } from '@saga-shop/contracts';
import { currentTraceHeaders } from '@saga-shop/messaging';
import { decideShipping, trackingNumberFor } from '../../domain/shipping-policy.js';
import type { FulfilmentBatch } from '../fulfilment-batch.js';
import { shippedEvent } from '../shipped-event.js';

export function onPaymentCaptured(
  batch: FulfilmentBatch,
  event: SagaEvent<'payment.captured.v1'>,
  dispatchDelayMs = 0,
): SagaEvent[] {
  const { orderId, lines, shippingAddress } = event.data;
  const previous = batch.decision(orderId);
  // Packing, shipped or failed already: this order had its one answer.
  if (previous && previous.outcome !== 'CANCELLED') return [];

  const decision = decideShipping({
    country: shippingAddress.country,
    orderCancelled: previous !== undefined,
  });
  if (!decision.ship) {
    // A capture after a cancellation is answered with failed(ORDER_CANCELLED): payment refunds it.
    if (!previous) batch.decide(orderId, 'FAILED', decision.reason);
    return [newEvent('fulfilment.failed.v1', { orderId, reason: decision.reason })];
  }

  const shipmentId = randomUUID();
  const shipment = {
    id: shipmentId,
    orderId,
    trackingNumber: trackingNumberFor(shipmentId),
    country: shippingAddress.country,
    lines,
    status: 'PACKING' as const,
    dispatchAfter: new Date(Date.now() + dispatchDelayMs),
    traceHeaders: currentTraceHeaders(),
  };
  batch.addShipment(shipment);
  batch.decide(orderId, 'PACKING');
  if (dispatchDelayMs > 0) return [];
  // No packing time: the parcel leaves in this same transaction.
  batch.setShipmentStatus(shipment, 'SHIPPED');
  batch.decide(orderId, 'SHIPPED');
  return [shippedEvent(shipment)];
}
