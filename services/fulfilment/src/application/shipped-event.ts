import { newEvent } from '@saga-shop/contracts';
import type { ShipmentRecord } from './fulfilment-batch.js';

/** The parcel left: announced by fulfilment.shipped (again, if a repeated cancellation asks). */
export function shippedEvent(shipment: Pick<ShipmentRecord, 'id' | 'orderId' | 'trackingNumber'>) {
  return newEvent('fulfilment.shipped.v1', {
    orderId: shipment.orderId,
    shipmentId: shipment.id,
    trackingNumber: shipment.trackingNumber,
  });
}
