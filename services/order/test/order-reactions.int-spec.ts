import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrderHarness } from './order-harness.js';
import {
  captured,
  declined,
  fulfilmentFailed,
  refunded,
  rejected,
  released,
  reserved,
  shipped,
} from './order-inputs.js';

// The saga's answers to an order in the order they are meant to come, one event per batch,
// committed as the consumer does (order-late-events.int-spec.ts: in any other order).
let orders: OrderHarness;

const placedEntry = { type: 'OrderPlaced', detail: { status: 'PENDING' } };

describe('order reactions (real PostgreSQL)', () => {
  beforeAll(async () => {
    orders = await OrderHarness.open();
  });

  afterAll(async () => {
    await orders.close();
  });

  it('completes the happy path RESERVED → PAID → COMPLETED, with the total and every step in history', async () => {
    const orderId = await orders.placed();
    const [reservation, capture, shipment] = [
      reserved(orderId, 4200, 'EUR'),
      captured(orderId),
      shipped(orderId),
    ];

    await orders.handleEach(reservation);
    expect(await orders.orderOf(orderId)).toMatchObject({
      status: 'RESERVED',
      totalCents: 4200,
      currency: 'EUR',
      terminal: false,
    });
    await orders.handleEach(capture);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'PAID', terminal: false });
    await orders.handleEach(shipment);
    expect(await orders.orderOf(orderId)).toEqual({
      status: 'COMPLETED',
      reason: null,
      cancellationRequested: null,
      totalCents: 4200,
      currency: 'EUR',
      terminal: true,
    });
    expect(await orders.historyOf(orderId)).toEqual([
      placedEntry,
      {
        type: 'InventoryReserved',
        detail: { eventId: reservation.id, totalCents: 4200, currency: 'EUR', status: 'RESERVED' },
      },
      {
        type: 'PaymentCaptured',
        detail: {
          eventId: capture.id,
          paymentId: capture.data.paymentId,
          amountCents: 3000,
          currency: 'EUR',
          status: 'PAID',
        },
      },
      {
        type: 'FulfilmentShipped',
        detail: {
          eventId: shipment.id,
          shipmentId: shipment.data.shipmentId,
          trackingNumber: shipment.data.trackingNumber,
          status: 'COMPLETED',
        },
      },
    ]);
    // The order reacts without emitting: its only event is the one it placed with.
    expect(await orders.topicsOf(orderId)).toEqual(['order.placed.v1']);
  });

  it.each([
    ['inventory.rejected', 'OUT_OF_STOCK', (id: string) => [rejected(id, 'OUT_OF_STOCK')]],
    ['inventory.rejected (unknown SKU)', 'OUT_OF_STOCK', (id: string) => [rejected(id, 'UNKNOWN_SKU')]],
    ['payment.declined', 'PAYMENT_DECLINED', (id: string) => [reserved(id), declined(id)]],
    [
      'payment.declined (gateway unavailable)',
      'PAYMENT_DECLINED',
      (id: string) => [reserved(id), declined(id, 'GATEWAY_UNAVAILABLE')],
    ],
    [
      'fulfilment.failed',
      'FULFILMENT_FAILED',
      (id: string) => [reserved(id), captured(id), fulfilmentFailed(id)],
    ],
  ])('cancels the order when %s arrives, with reason %s', async (_event, reason, saga) => {
    const orderId = await orders.placed();
    const answers = saga(orderId);
    await orders.handleEach(...answers);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason, terminal: true });
    const last = (await orders.historyOf(orderId)).at(-1);
    expect(last?.detail).toMatchObject({ eventId: answers.at(-1)?.id, status: 'CANCELLED' });
  });

  it('records the compensations after a cancellation in history without changing the order', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(reserved(orderId), captured(orderId), fulfilmentFailed(orderId));
    const cancelled = await orders.terminalAtOf(orderId);
    const [refund, release] = [refunded(orderId), released(orderId, 'FULFILMENT_FAILED')];
    await orders.handleEach(refund, release);
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'FULFILMENT_FAILED' });
    expect(await orders.terminalAtOf(orderId)).toEqual(cancelled);
    expect((await orders.historyOf(orderId)).slice(-2)).toEqual([
      {
        type: 'PaymentRefunded',
        detail: {
          eventId: refund.id,
          paymentId: refund.data.paymentId,
          amountCents: 3000,
          currency: 'EUR',
          cause: 'FULFILMENT_FAILED',
        },
      },
      { type: 'InventoryReleased', detail: { eventId: release.id, cause: 'FULFILMENT_FAILED' } },
    ]);
  });

  it('records a compensation on an order still in flight without moving it', async () => {
    const orderId = await orders.placed();
    await orders.handleEach(reserved(orderId), released(orderId, 'ORDER_CANCELLED'));
    expect(await orders.orderOf(orderId)).toMatchObject({ status: 'RESERVED', terminal: false });
    expect((await orders.historyOf(orderId)).map((entry) => entry.type)).toEqual([
      'OrderPlaced',
      'InventoryReserved',
      'InventoryReleased',
    ]);
  });
});
