import { describe, expect, it } from '@jest/globals';
import { decideShipping, trackingNumberFor } from './shipping-policy.js';

describe('shipping policy', () => {
  it('ships a paid order to a served country', () => {
    expect(decideShipping({ country: 'FR', orderCancelled: false })).toEqual({ ship: true });
  });

  it('refuses the test destination AQ as unserviceable', () => {
    expect(decideShipping({ country: 'AQ', orderCancelled: false })).toEqual({
      ship: false,
      reason: 'UNSERVICEABLE_DESTINATION',
    });
  });

  it('never ships a cancelled order, even to a served country', () => {
    expect(decideShipping({ country: 'FR', orderCancelled: true })).toEqual({
      ship: false,
      reason: 'ORDER_CANCELLED',
    });
  });

  it('derives the same tracking number from the same shipment id', () => {
    const id = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    expect(trackingNumberFor(id)).toBe('SS-9A8B7C6D5E4F');
    expect(trackingNumberFor(id)).toBe(trackingNumberFor(id));
  });
});
