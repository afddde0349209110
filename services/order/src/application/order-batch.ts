import type { CancellationReason, CancellationRequest, OrderStatus } from '../domain/order-status.js';

/** An order as the saga's reactions see and change it. */
export interface OrderRecord {
  id: string;
  status: OrderStatus;
  reason: CancellationReason | null;
  cancellationRequested: CancellationRequest | null;
  totalCents: number | null;
  currency: string | null;
  createdAt: Date;
  terminalAt: Date | null;
  updatedAt: Date;
}

export interface HistoryEntry {
  orderId: string;
  at: Date;
  type: string;
  detail: Record<string, unknown> | null;
}

export interface FinishedOrder {
  status: OrderStatus;
  reason: string;
  secondsToTerminal: number;
}

/**
 * A batch's working state: the orders its events name (loaded and locked by the working set),
 * the ones the reactions changed, the history they append, and the orders that became terminal.
 */
export class OrderBatch {
  readonly changed = new Set<OrderRecord>();
  readonly history: HistoryEntry[] = [];
  readonly finished: FinishedOrder[] = [];

  constructor(private readonly orders: ReadonlyMap<string, OrderRecord>) {}

  order(orderId: string): OrderRecord | undefined {
    return this.orders.get(orderId);
  }

  update(order: OrderRecord, patch: Partial<Omit<OrderRecord, 'id' | 'createdAt'>>): void {
    Object.assign(order, patch);
    this.changed.add(order);
  }
}
