// The floor's order service: places orders on the bench's command (order-placement.ts) and
// consumes inventory.reserved.v1 (→ RESERVED, total recorded), payment.captured.v1 (→ PAID) and
// fulfilment.shipped.v1 (→ COMPLETED); emits nothing from them. Every event goes into the
// order's history, as services/order's record-progress.ts and history-entry.ts do.
import { topics, type AnySagaEvent } from '@saga-shop/contracts';
import { runFloorProcess } from './floor-runtime.js';
import { OrderPlacement } from './order-placement.js';
import {
  lockOrdersOf,
  saveProgress,
  type HistoryEntry,
  type OrderRecord,
  type OrderStatus,
} from './order-sql.js';

const rank: Record<OrderStatus, number> = { PENDING: 0, RESERVED: 1, PAID: 2, COMPLETED: 3, CANCELLED: 3 };
const reached: Partial<Record<AnySagaEvent['type'], OrderStatus>> = {
  'inventory.reserved.v1': 'RESERVED',
  'payment.captured.v1': 'PAID',
  'fulfilment.shipped.v1': 'COMPLETED',
};

/** Status only moves forward, and a terminal order never changes: a late event is history only. */
function nextStatus(from: OrderStatus, to: OrderStatus | undefined): OrderStatus | undefined {
  if (!to || from === 'COMPLETED' || from === 'CANCELLED') return undefined;
  return to === 'COMPLETED' || rank[to] > rank[from] ? to : undefined;
}

/** Fields that every event repeats and the history would only echo. */
const repeated = new Set(['orderId', 'lines', 'items', 'shippingAddress', 'paymentMethod']);
const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function historyEntryOf(event: AnySagaEvent, status: OrderStatus | undefined, at: Date): HistoryEntry {
  const [subject = '', verb = ''] = event.type.split('.');
  const detail: Record<string, unknown> = { eventId: event.id };
  for (const [key, value] of Object.entries(event.data)) if (!repeated.has(key)) detail[key] = value;
  if (status) detail['status'] = status;
  return { orderId: event.orderId, at, type: `${capitalize(subject)}${capitalize(verb)}`, detail };
}

/** Applies one event to its order in memory; the batch saves what changed. */
function recordProgress(order: OrderRecord, event: AnySagaEvent, history: HistoryEntry[]): void {
  const status = nextStatus(order.status, reached[event.type]);
  const now = new Date();
  if (event.type === 'inventory.reserved.v1') {
    order.totalCents = event.data.totalCents;
    order.currency = event.data.currency;
  }
  if (status) {
    order.status = status;
    order.reason = null;
    if (status === 'COMPLETED') order.terminalAt = now;
  }
  order.updatedAt = now;
  history.push(historyEntryOf(event, status, now));
}

await runFloorProcess(
  'order',
  [topics.inventoryReservedV1, topics.paymentCapturedV1, topics.fulfilmentShippedV1],
  (context) => {
    const placement = new OrderPlacement(context);
    return {
      onCommand: (command) => placement.start(command),
      beforeStop: () => placement.stop(),
      async apply(client, events) {
        if (events.length === 0) return { emit: [] };
        const locked = await lockOrdersOf(
          client,
          events.map((event) => event.orderId),
        );
        const orders = new Map(locked.map((order) => [order.id, order]));
        const changed = new Set<OrderRecord>();
        const history: HistoryEntry[] = [];
        for (const event of events) {
          const order = orders.get(event.orderId);
          // The service parks such an event as a dead letter; the floor only says so.
          if (!order) context.log(`${event.type} for unknown order ${event.orderId}: skipped`);
          else {
            recordProgress(order, event, history);
            changed.add(order);
          }
        }
        await saveProgress(client, [...changed], history);
        return { emit: [] };
      },
    };
  },
);
