import { describe, expect, it } from '@jest/globals';
import { canRequestCancellation, nextStatus, type OrderState } from './saga-progress.js';

const pending: OrderState = { status: 'PENDING', cancellationRequested: null };

describe('order status transitions', () => {
  it('follows the happy path PENDING → RESERVED → PAID → COMPLETED', () => {
    expect(nextStatus(pending, { kind: 'reserved' })).toEqual({ status: 'RESERVED' });
    expect(nextStatus({ ...pending, status: 'RESERVED' }, { kind: 'paid' })).toEqual({ status: 'PAID' });
    expect(nextStatus({ ...pending, status: 'PAID' }, { kind: 'shipped' })).toEqual({ status: 'COMPLETED' });
  });

  it('never moves backwards when events of different topics arrive out of order', () => {
    expect(nextStatus({ ...pending, status: 'PAID' }, { kind: 'reserved' })).toBeNull();
    expect(nextStatus(pending, { kind: 'paid' })).toEqual({ status: 'PAID' });
    expect(nextStatus({ ...pending, status: 'RESERVED' }, { kind: 'shipped' })).toEqual({
      status: 'COMPLETED',
    });
  });

  it('never changes a terminal order: late events are recorded, not applied', () => {
    const cancelled: OrderState = { status: 'CANCELLED', cancellationRequested: null };
    expect(nextStatus(cancelled, { kind: 'shipped' })).toBeNull();
    expect(
      nextStatus({ ...pending, status: 'COMPLETED' }, { kind: 'failed', cause: 'FULFILMENT_FAILED' }),
    ).toBeNull();
  });

  it('cancels with the failing step as the reason', () => {
    expect(nextStatus(pending, { kind: 'failed', cause: 'OUT_OF_STOCK' })).toEqual({
      status: 'CANCELLED',
      reason: 'OUT_OF_STOCK',
    });
  });

  it('cancels with the requested reason when a step refused because of the cancellation', () => {
    const timedOut: OrderState = { status: 'PAID', cancellationRequested: 'TIMEOUT' };
    expect(nextStatus(timedOut, { kind: 'failed', cause: 'CANCELLATION' })).toEqual({
      status: 'CANCELLED',
      reason: 'TIMEOUT',
    });
  });

  it('lets a compensation only add history', () => {
    expect(nextStatus({ ...pending, status: 'CANCELLED' }, { kind: 'compensated' })).toBeNull();
    expect(nextStatus(pending, { kind: 'compensated' })).toBeNull();
  });

  it('accepts cancellation requests until the order is terminal', () => {
    expect(canRequestCancellation({ ...pending, status: 'PAID' })).toBe(true);
    expect(canRequestCancellation({ ...pending, status: 'COMPLETED' })).toBe(false);
    expect(canRequestCancellation({ ...pending, status: 'CANCELLED' })).toBe(false);
  });
});
