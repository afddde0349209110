import { randomUUID } from 'node:crypto';
import { bearer } from '@saga-shop/testing';

/** The order kinds the run mixes, one in ten of each unusual kind. */
const kinds = [
  'card_ok',
  'card_ok',
  'card_ok',
  'card_ok',
  'card_declined',
  'card_flaky',
  'unserved',
  'out_of_stock',
  'cancelled',
  'card_ok',
] as const;
export type OrderKind = (typeof kinds)[number];

/** A scarce product: a few orders reserve it, the rest find it out of stock. */
export const scarceSku = 'CAP-BLUE';

export interface PlacedOrder {
  orderId: string;
  kind: OrderKind;
  placedAt: number;
}

/**
 * Places orders of every kind at a steady rate, open loop, each with an Idempotency-Key, for as
 * long as the faults go on; a POST
 * that fails (the order service or its database is down) is counted, not retried. Customers of
 * the `cancelled` kind ask to cancel right after the 202, racing the saga.
 */
export class ChaosLoad {
  readonly placed: PlacedOrder[] = [];
  readonly refused: { at: number; status: string }[] = [];
  private sequence = 0;
  private running = false;
  private inFlight: Promise<void>[] = [];
  readonly customerPrefix = `chaos-${randomUUID().slice(0, 8)}`;

  constructor(private readonly orderUrl: string) {}

  /** Places orders until `stop()`; resolves once the last POST answered. */
  async run(ratePerSecond: number): Promise<void> {
    this.running = true;
    const started = performance.now();
    for (let sent = 0; this.running;) {
      const due = Math.floor(((performance.now() - started) * ratePerSecond) / 1_000) + 1;
      for (; sent < due; sent += 1) this.inFlight.push(this.placeOne());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(this.inFlight);
  }

  stop(): void {
    this.running = false;
  }

  private async placeOne(): Promise<void> {
    this.sequence += 1;
    const kind = kinds[this.sequence % kinds.length]!;
    const body = {
      customerId: `${this.customerPrefix}-${this.sequence % 50}`,
      items: kind === 'out_of_stock' ? [{ sku: scarceSku, quantity: 5 }] : [{ sku: 'TSHIRT-M', quantity: 1 }],
      paymentMethod: kind === 'card_declined' || kind === 'card_flaky' ? kind : 'card_ok',
      shippingAddress: {
        line1: '1 Chaos St',
        city: 'Lyon',
        postalCode: '69001',
        country: kind === 'unserved' ? 'AQ' : 'FR',
      },
    };
    const placedAt = Date.now();
    try {
      const customer = await bearer(body.customerId);
      const response = await fetch(`${this.orderUrl}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `${this.customerPrefix}-${this.sequence}`,
          ...customer,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status !== 202)
        return void this.refused.push({ at: placedAt, status: String(response.status) });
      const { orderId } = (await response.json()) as { orderId: string };
      this.placed.push({ orderId, kind, placedAt });
      if (kind === 'cancelled') {
        await fetch(`${this.orderUrl}/orders/${orderId}/cancel`, {
          method: 'POST',
          headers: customer,
          signal: AbortSignal.timeout(15_000),
        }).catch(() => undefined);
      }
    } catch (error) {
      this.refused.push({
        at: placedAt,
        status: (error as { cause?: { code?: string } }).cause?.code ?? 'error',
      });
    }
  }
}
