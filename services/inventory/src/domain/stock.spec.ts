import { describe, expect, it } from '@jest/globals';
import { releaseStock, reserveStock, sellStock, StockInvariantViolated } from './stock.js';

describe('stock arithmetic', () => {
  it('moves a reservation from available to reserved', () => {
    expect(reserveStock({ available: 10, reserved: 2 }, 3)).toEqual({ available: 7, reserved: 5 });
  });

  it('gives a released reservation back to available', () => {
    expect(releaseStock({ available: 7, reserved: 5 }, 3)).toEqual({ available: 10, reserved: 2 });
  });

  it('takes a sale out of reserved and leaves available alone', () => {
    expect(sellStock({ available: 7, reserved: 5 }, 3)).toEqual({ available: 7, reserved: 2 });
  });

  it('refuses to reserve more than is available (nothing is oversold)', () => {
    expect(() => reserveStock({ available: 2, reserved: 0 }, 3)).toThrow(StockInvariantViolated);
  });

  it('refuses to release or sell more than is reserved', () => {
    expect(() => releaseStock({ available: 5, reserved: 1 }, 2)).toThrow(StockInvariantViolated);
    expect(() => sellStock({ available: 5, reserved: 1 }, 2)).toThrow(StockInvariantViolated);
  });

  it('refuses a quantity below one, which would move stock the wrong way', () => {
    expect(() => reserveStock({ available: 5, reserved: 5 }, -1)).toThrow(StockInvariantViolated);
    expect(() => sellStock({ available: 5, reserved: 5 }, 0)).toThrow(StockInvariantViolated);
  });
});
