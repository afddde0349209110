import type { AnySagaEvent, SagaEvent } from '@saga-shop/contracts';
import { PermanentFailure } from '@saga-shop/messaging';
import type { OrderBatch } from '../src/application/order-batch.js';
import { onFulfilmentFailed } from '../src/application/reactions/on-fulfilment-failed.js';
import { onFulfilmentShipped } from '../src/application/reactions/on-fulfilment-shipped.js';
import { onInventoryRejected } from '../src/application/reactions/on-inventory-rejected.js';
import { onInventoryReleased } from '../src/application/reactions/on-inventory-released.js';
import { onInventoryReserved } from '../src/application/reactions/on-inventory-reserved.js';
import { onPaymentCaptured } from '../src/application/reactions/on-payment-captured.js';
import { onPaymentDeclined } from '../src/application/reactions/on-payment-declined.js';
import { onPaymentRefunded } from '../src/application/reactions/on-payment-refunded.js';

/** What OrderConsumer's @SagaReaction methods do: one reaction per topic, none of them emits. */
export function reactAsOrderConsumer(event: AnySagaEvent, batch: OrderBatch): SagaEvent[] {
  switch (event.type) {
    case 'inventory.reserved.v1':
      onInventoryReserved(batch, event);
      break;
    case 'inventory.rejected.v1':
      onInventoryRejected(batch, event);
      break;
    case 'inventory.released.v1':
      onInventoryReleased(batch, event);
      break;
    case 'payment.captured.v1':
      onPaymentCaptured(batch, event);
      break;
    case 'payment.declined.v1':
      onPaymentDeclined(batch, event);
      break;
    case 'payment.refunded.v1':
      onPaymentRefunded(batch, event);
      break;
    case 'fulfilment.shipped.v1':
      onFulfilmentShipped(batch, event);
      break;
    case 'fulfilment.failed.v1':
      onFulfilmentFailed(batch, event);
      break;
    default:
      // As SagaEventServer answers a topic nobody subscribed to.
      throw new PermanentFailure(`no handler for ${event.type}`);
  }
  return [];
}
