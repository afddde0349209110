import type { OrderLine, PricedLine } from '@saga-shop/contracts';
import type { ProductOnHand } from '../domain/reservation-decision.js';
import type { ReservationStatus } from '../domain/reservation-status.js';
import type { Stock } from '../domain/stock.js';

/** Inventory's one answer per order, as the reactions see and change it. */
export interface ReservationRecord {
  orderId: string;
  status: ReservationStatus;
  lines: (PricedLine | OrderLine)[];
  totalCents: number | null;
  currency: string | null;
}

export type ProductRecord = ProductOnHand & Stock;

/**
 * A batch's working state: the reservations of the orders its events name and the products they
 * can move (both loaded locked by the working set), and what the reactions created or changed.
 */
export class InventoryBatch {
  readonly created = new Set<ReservationRecord>();
  readonly changed = new Set<ReservationRecord>();
  readonly movedProducts = new Set<ProductRecord>();

  constructor(
    private readonly reservations: Map<string, ReservationRecord>,
    private readonly products: ReadonlyMap<string, ProductRecord>,
  ) {}

  reservation(orderId: string): ReservationRecord | undefined {
    return this.reservations.get(orderId);
  }

  product(sku: string): ProductRecord | undefined {
    return this.products.get(sku);
  }

  create(reservation: ReservationRecord): void {
    this.reservations.set(reservation.orderId, reservation);
    this.created.add(reservation);
  }

  setStatus(reservation: ReservationRecord, status: ReservationStatus): void {
    reservation.status = status;
    if (!this.created.has(reservation)) this.changed.add(reservation);
  }

  /** Moves one line's stock with a domain rule (reserve, release, sell). */
  move(line: OrderLine, rule: (stock: Stock, quantity: number) => Stock): void {
    const product = this.products.get(line.sku);
    if (!product) throw new Error(`product ${line.sku} was not locked before its stock moved`);
    Object.assign(product, rule(product, line.quantity));
    this.movedProducts.add(product);
  }
}
