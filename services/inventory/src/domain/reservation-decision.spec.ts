import { describe, expect, it } from '@jest/globals';
import { decideReservation, mergeLines, type ProductOnHand } from './reservation-decision.js';

const catalog: ProductOnHand[] = [
  { sku: 'MUG-CLASSIC', priceCents: 1200, currency: 'EUR', available: 5 },
  { sku: 'TSHIRT-M', priceCents: 1500, currency: 'EUR', available: 3 },
];

describe('reservation decision', () => {
  it('reserves every line at catalog prices and totals them', () => {
    const decision = decideReservation(
      [
        { sku: 'TSHIRT-M', quantity: 2 },
        { sku: 'MUG-CLASSIC', quantity: 1 },
      ],
      catalog,
    );
    expect(decision).toEqual({
      reserve: true,
      lines: [
        { sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1500 },
        { sku: 'MUG-CLASSIC', quantity: 1, unitPriceCents: 1200 },
      ],
      totalCents: 4200,
      currency: 'EUR',
    });
  });

  it('reserves exactly what is available', () => {
    expect(decideReservation([{ sku: 'TSHIRT-M', quantity: 3 }], catalog)).toMatchObject({ reserve: true });
  });

  it('rejects the whole order when one line is short, naming only that line', () => {
    const decision = decideReservation(
      [
        { sku: 'MUG-CLASSIC', quantity: 1 },
        { sku: 'TSHIRT-M', quantity: 4 },
      ],
      catalog,
    );
    expect(decision).toEqual({
      reserve: false,
      reason: 'OUT_OF_STOCK',
      unavailable: [{ sku: 'TSHIRT-M', requested: 4, available: 3 }],
    });
  });

  it('rejects an unknown SKU as UNKNOWN_SKU with 0 available, even beside a shortage', () => {
    const decision = decideReservation(
      [
        { sku: 'TSHIRT-M', quantity: 4 },
        { sku: 'NO-SUCH-THING', quantity: 1 },
      ],
      catalog,
    );
    expect(decision).toEqual({
      reserve: false,
      reason: 'UNKNOWN_SKU',
      unavailable: [
        { sku: 'TSHIRT-M', requested: 4, available: 3 },
        { sku: 'NO-SUCH-THING', requested: 1, available: 0 },
      ],
    });
  });

  it('sums duplicate SKUs before checking, so two lines cannot together oversell', () => {
    const decision = decideReservation(
      [
        { sku: 'TSHIRT-M', quantity: 2 },
        { sku: 'TSHIRT-M', quantity: 2 },
      ],
      catalog,
    );
    expect(decision).toEqual({
      reserve: false,
      reason: 'OUT_OF_STOCK',
      unavailable: [{ sku: 'TSHIRT-M', requested: 4, available: 3 }],
    });
  });

  it('merges duplicate SKUs into one line, keeping first-seen order', () => {
    expect(
      mergeLines([
        { sku: 'MUG-CLASSIC', quantity: 1 },
        { sku: 'TSHIRT-M', quantity: 2 },
        { sku: 'MUG-CLASSIC', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'MUG-CLASSIC', quantity: 4 },
      { sku: 'TSHIRT-M', quantity: 2 },
    ]);
  });

  it('refuses to decide an order without lines (the contract requires at least one)', () => {
    expect(() => decideReservation([], catalog)).toThrow(RangeError);
  });
});
