// The floor's inventory: consumes order.placed.v1 (emits inventory.reserved.v1 or
// inventory.rejected.v1) and fulfilment.shipped.v1 (the live reservation becomes a sale), with
// the rules of services/inventory's reactions. The other topics stay with the services' group.
import { newEvent, topics, type AnySagaEvent, type OrderLine, type SagaEvent } from '@saga-shop/contracts';
import type pg from 'pg';
import { runFloorProcess } from './floor-runtime.js';
import {
  lockProductsOf,
  lockReservationsOf,
  saveInventory,
  type ProductRecord,
  type ReservationRecord,
} from './inventory-sql.js';

/** A batch's reservations and products, locked, and what the reactions did to them. */
class InventoryBatch {
  readonly created = new Set<ReservationRecord>();
  readonly changed = new Set<ReservationRecord>();
  readonly moved = new Set<ProductRecord>();

  constructor(
    readonly reservations: Map<string, ReservationRecord>,
    readonly products: Map<string, ProductRecord>,
  ) {}

  create(reservation: ReservationRecord): void {
    this.reservations.set(reservation.orderId, reservation);
    this.created.add(reservation);
  }

  setStatus(reservation: ReservationRecord, status: ReservationRecord['status']): void {
    reservation.status = status;
    if (!this.created.has(reservation)) this.changed.add(reservation);
  }

  /** Moves stock; a counter going negative is a bug, never an outcome (as services/inventory's stock.ts). */
  move(sku: string, availableBy: number, reservedBy: number): void {
    const product = this.products.get(sku);
    if (!product) throw new Error(`product ${sku} was not locked before its stock moved`);
    product.available += availableBy;
    product.reserved += reservedBy;
    if (product.available < 0 || product.reserved < 0) throw new Error(`stock of ${sku} would go negative`);
    this.moved.add(product);
  }
}

async function load(client: pg.ClientBase, events: AnySagaEvent[]): Promise<InventoryBatch> {
  const reservations = await lockReservationsOf(
    client,
    events.map((event) => event.orderId),
  );
  const skus: string[] = [];
  for (const event of events)
    if (event.type === 'order.placed.v1') for (const line of event.data.items) skus.push(line.sku);
  for (const reservation of reservations)
    if (reservation.status === 'LIVE') for (const line of reservation.lines) skus.push(line.sku);
  const products = skus.length > 0 ? await lockProductsOf(client, skus) : [];
  return new InventoryBatch(
    new Map(reservations.map((reservation) => [reservation.orderId, reservation])),
    new Map(products.map((product) => [product.sku, product])),
  );
}

function onOrderPlaced(batch: InventoryBatch, event: SagaEvent<'order.placed.v1'>): SagaEvent[] {
  const { orderId, items, paymentMethod, shippingAddress } = event.data;
  const previous = batch.reservations.get(orderId);
  if (previous) {
    // Cancelled before it reached us (a CLOSED tombstone): answer, reserve nothing.
    if (previous.status !== 'CLOSED') return [];
    batch.setStatus(previous, 'REJECTED');
    return [newEvent('inventory.rejected.v1', { orderId, reason: 'ORDER_CANCELLED', unavailable: [] })];
  }
  const perSku = new Map<string, number>();
  for (const line of items) perSku.set(line.sku, (perSku.get(line.sku) ?? 0) + line.quantity);
  const unavailable = [...perSku]
    .filter(([sku, quantity]) => (batch.products.get(sku)?.available ?? 0) < quantity)
    .map(([sku, requested]) => ({ sku, requested, available: batch.products.get(sku)?.available ?? 0 }));
  if (unavailable.length > 0) {
    const unknown = [...perSku.keys()].some((sku) => !batch.products.has(sku));
    batch.create({ orderId, status: 'REJECTED', lines: [], totalCents: null, currency: null });
    const reason = unknown ? 'UNKNOWN_SKU' : 'OUT_OF_STOCK';
    return [newEvent('inventory.rejected.v1', { orderId, reason, unavailable })];
  }
  const lines = items.map(({ sku, quantity }) => ({
    sku,
    quantity,
    unitPriceCents: batch.products.get(sku)!.priceCents,
  }));
  for (const line of lines) batch.move(line.sku, -line.quantity, line.quantity);
  const totalCents = lines.reduce((total, line) => total + line.quantity * line.unitPriceCents, 0);
  const currency = batch.products.get(items[0]!.sku)!.currency;
  batch.create({ orderId, status: 'LIVE', lines, totalCents, currency });
  return [
    newEvent('inventory.reserved.v1', {
      orderId,
      lines,
      totalCents,
      currency,
      paymentMethod,
      shippingAddress,
    }),
  ];
}

/** Only a LIVE reservation is sold; any other state means this was handled or never applies. */
function onFulfilmentShipped(batch: InventoryBatch, event: SagaEvent<'fulfilment.shipped.v1'>): void {
  const reservation = batch.reservations.get(event.data.orderId);
  if (reservation?.status !== 'LIVE') return;
  batch.setStatus(reservation, 'SOLD');
  for (const { sku, quantity } of reservation.lines as OrderLine[]) batch.move(sku, 0, -quantity);
}

await runFloorProcess('inventory', [topics.orderPlacedV1, topics.fulfilmentShippedV1], () => ({
  async apply(client, events) {
    if (events.length === 0) return { emit: [] };
    const batch = await load(client, events);
    const emit: SagaEvent[] = [];
    for (const event of events) {
      if (event.type === 'order.placed.v1') emit.push(...onOrderPlaced(batch, event));
      else if (event.type === 'fulfilment.shipped.v1') onFulfilmentShipped(batch, event);
    }
    await saveInventory(client, [...batch.created], [...batch.changed], [...batch.moved]);
    return { emit };
  },
}));
