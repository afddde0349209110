import { describe, expect, it } from '@jest/globals';
import { outcomeOf, timelineEventOf, type RecordedEvent } from './saga-story.js';

let offset = 0;
function event(
  type: string,
  lane: RecordedEvent['lane'],
  second: number,
  data: Record<string, unknown> = {},
): RecordedEvent {
  offset += 1;
  return {
    id: `e-${offset}`,
    orderId: 'o-1',
    type,
    lane,
    at: new Date(Date.UTC(2026, 11, 2, 12, 0, second)),
    data,
    topic: type,
    partition: 0,
    offset: String(offset),
    deadLetter: null,
  };
}

describe('the saga as its events tell it', () => {
  it('completes when the parcel ships, whatever order the events were read in', () => {
    const events = [
      event('fulfilment.shipped.v1', 'fulfilment', 3, { trackingNumber: 'SS-1' }),
      event('order.placed.v1', 'order', 0),
      event('payment.captured.v1', 'payment', 2),
      event('inventory.reserved.v1', 'inventory', 1),
    ];
    expect(outcomeOf(events)).toEqual({
      status: 'COMPLETED',
      reason: null,
      finishedAt: new Date(Date.UTC(2026, 11, 2, 12, 0, 3)),
    });
  });

  it('stops at the first terminal event: a late refund does not reopen a cancelled saga', () => {
    const events = [
      event('order.placed.v1', 'order', 0),
      event('inventory.reserved.v1', 'inventory', 1),
      event('payment.declined.v1', 'payment', 2, { reason: 'CARD_DECLINED' }),
      event('inventory.released.v1', 'inventory', 3, { cause: 'PAYMENT_DECLINED' }),
    ];
    expect(outcomeOf(events)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_DECLINED' });
  });

  it('gives a step that refused because of a cancellation the cancellation reason', () => {
    const events = [
      event('order.placed.v1', 'order', 0),
      event('order.cancelled.v1', 'order', 1, { reason: 'TIMEOUT' }),
      event('inventory.rejected.v1', 'inventory', 2, { reason: 'ORDER_CANCELLED' }),
    ];
    expect(outcomeOf(events)).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
  });

  it('names the failing step: out of stock, unserviceable destination', () => {
    expect(
      outcomeOf([event('inventory.rejected.v1', 'inventory', 1, { reason: 'OUT_OF_STOCK' })]).reason,
    ).toBe('OUT_OF_STOCK');
    expect(
      outcomeOf([
        event('payment.captured.v1', 'payment', 1),
        event('fulfilment.failed.v1', 'fulfilment', 2, { reason: 'UNSERVICEABLE_DESTINATION' }),
      ]).reason,
    ).toBe('FULFILMENT_FAILED');
  });

  it('is still running while no step is terminal, and ignores dead letters', () => {
    const parked = {
      ...event('fulfilment.shipped.v1', 'order', 2),
      deadLetter: { errorKind: 'x', error: 'y', consumerGroup: 'z' },
    };
    expect(outcomeOf([event('inventory.reserved.v1', 'inventory', 1), parked])).toEqual({
      status: 'RESERVED',
      reason: null,
      finishedAt: null,
    });
  });

  it('marks compensations and failures on the timeline', () => {
    const released = timelineEventOf(
      event('inventory.released.v1', 'inventory', 1, { cause: 'PAYMENT_DECLINED' }),
    );
    expect(released).toMatchObject({
      compensation: true,
      failure: false,
      summary: 'stock released (PAYMENT_DECLINED)',
    });
    const refunded = timelineEventOf(
      event('payment.refunded.v1', 'payment', 1, {
        amountCents: 3000,
        currency: 'EUR',
        cause: 'FULFILMENT_FAILED',
      }),
    );
    expect(refunded.summary).toBe('refunded 30.00 EUR (FULFILMENT_FAILED)');
    expect(
      timelineEventOf(event('payment.declined.v1', 'payment', 1, { reason: 'CARD_DECLINED' })),
    ).toMatchObject({
      compensation: false,
      failure: true,
    });
  });
});
