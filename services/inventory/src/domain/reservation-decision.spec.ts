import { describe, expect, it } from '@jest/globals';
import { events } from '@saga-shop/contracts';
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

  it('prices the lines as requested, so two lines of 1000 never become one line the contract refuses', () => {
    const stocked = [{ sku: 'TSHIRT-M', priceCents: 1500, currency: 'EUR', available: 5_000 }];
    const decision = decideReservation(
      [
        { sku: 'TSHIRT-M', quantity: 1_000 },
        { sku: 'TSHIRT-M', quantity: 1_000 },
      ],
      stocked,
    );
    expect(decision).toMatchObject({ reserve: true, totalCents: 3_000_000 });
    const { lines, totalCents, currency } = decision as Extract<typeof decision, { reserve: true }>;
    const inventoryReserved = events['inventory.reserved.v1'];
    const reserved = { ...inventoryReserved.example, lines, totalCents, currency };
    expect(inventoryReserved.schema.safeParse(reserved).success).toBe(true);
  });

  it('refuses to decide an order without lines (the contract requires at least one)', () => {
    expect(() => decideReservation([], catalog)).toThrow(RangeError);
  });
});
