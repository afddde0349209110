/** The two counters of one product. `available` can be sold now; `reserved` is held for orders. */
export interface Stock {
  available: number;
  reserved: number;
}

/** A stock movement that would make a counter negative: a bug, never a business outcome. */
export class StockInvariantViolated extends Error {
  constructor(movement: string, stock: Stock, quantity: number) {
    super(`cannot ${movement} ${quantity} from available=${stock.available}, reserved=${stock.reserved}`);
    this.name = 'StockInvariantViolated';
  }
}

/** Holds `quantity` for an order: it leaves `available` and joins `reserved`. */
export function reserveStock(stock: Stock, quantity: number): Stock {
  return checked('reserve', stock, quantity, {
    available: stock.available - quantity,
    reserved: stock.reserved + quantity,
  });
}

/** Gives a reservation back (compensation): `reserved` returns to `available`. */
export function releaseStock(stock: Stock, quantity: number): Stock {
  return checked('release', stock, quantity, {
    available: stock.available + quantity,
    reserved: stock.reserved - quantity,
  });
}

/** The reservation shipped: it leaves `reserved` for good; `available` already excluded it. */
export function sellStock(stock: Stock, quantity: number): Stock {
  return checked('sell', stock, quantity, {
    available: stock.available,
    reserved: stock.reserved - quantity,
  });
}

// Refusing here keeps "nothing is oversold" and "reserved equals live reservations" true even if a
// caller is wrong; the database CHECKs are the second line.
function checked(movement: string, stock: Stock, quantity: number, next: Stock): Stock {
  if (quantity < 1 || next.available < 0 || next.reserved < 0) {
    throw new StockInvariantViolated(movement, stock, quantity);
  }
  return next;
}
