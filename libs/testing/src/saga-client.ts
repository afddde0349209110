import { randomUUID } from 'node:crypto';
import type { SagaStack } from './saga-stack.js';
import { bearer, staffBearer } from './tokens.js';
import { waitFor } from './wait-for.js';

export interface OrderView {
  orderId: string;
  status: string;
  reason?: string;
  totalCents?: number;
  history: { at: string; type: string; detail?: Record<string, unknown> }[];
}

export interface OrderInput {
  customerId?: string;
  items?: { sku: string; quantity: number }[];
  paymentMethod?: 'card_ok' | 'card_declined' | 'card_flaky';
  country?: string;
}

const terminal = new Set(['COMPLETED', 'CANCELLED']);

/**
 * Talks to a stack the way a customer and an operator would: over REST only, with bearer tokens.
 * Each order is placed, read and cancelled with its own customer's token; stock is staff's.
 */
export class SagaClient {
  private readonly owners = new Map<string, string>();

  constructor(private readonly stack: SagaStack) {}

  /** The token of the customer who placed `orderId` (staff's for an order placed elsewhere). */
  private ownerOf(orderId: string): Promise<Record<string, string>> {
    const customerId = this.owners.get(orderId);
    return customerId ? bearer(customerId) : staffBearer();
  }

  orderBody(input: OrderInput = {}) {
    return {
      customerId: input.customerId ?? `customer-${randomUUID().slice(0, 8)}`,
      items: input.items ?? [{ sku: 'TSHIRT-M', quantity: 1 }],
      paymentMethod: input.paymentMethod ?? 'card_ok',
      shippingAddress: {
        line1: '1 Main St',
        city: 'Lyon',
        postalCode: '69001',
        country: input.country ?? 'FR',
      },
    };
  }

  async placeOrder(input: OrderInput = {}): Promise<string> {
    const body = this.orderBody(input);
    const response = await this.post('order', '/orders', body, await bearer(body.customerId));
    if (response.status !== 202)
      throw new Error(`POST /orders answered ${response.status}: ${await response.text()}`);
    const { orderId } = (await response.json()) as { orderId: string };
    this.owners.set(orderId, body.customerId);
    return orderId;
  }

  async getOrder(orderId: string): Promise<OrderView> {
    const response = await fetch(`${this.stack.url('order')}/orders/${orderId}`, {
      headers: await this.ownerOf(orderId),
    });
    if (response.status !== 200) throw new Error(`GET /orders/${orderId} answered ${response.status}`);
    return (await response.json()) as OrderView;
  }

  waitForStatus(orderId: string, statuses: string[], timeoutMs = 60_000): Promise<OrderView> {
    return waitFor(
      async () => {
        const order = await this.getOrder(orderId);
        return statuses.includes(order.status) ? order : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `order ${orderId} to be ${statuses.join(' or ')}` },
    );
  }

  waitForTerminal(orderId: string, timeoutMs = 60_000): Promise<OrderView> {
    return this.waitForStatus(orderId, [...terminal], timeoutMs);
  }

  /** Compensations reach the history after the order turned terminal: wait for them. */
  waitForHistory(orderId: string, types: string[], timeoutMs = 30_000): Promise<OrderView> {
    return waitFor(
      async () => {
        const order = await this.getOrder(orderId);
        const seen = new Set(order.history.map((entry) => entry.type));
        return types.every((type) => seen.has(type)) ? order : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `order ${orderId} history to include ${types.join(', ')}` },
    );
  }

  async cancel(orderId: string): Promise<Response> {
    return this.post('order', `/orders/${orderId}/cancel`, undefined, await this.ownerOf(orderId));
  }

  async product(
    sku: string,
  ): Promise<{ sku: string; available: number; reserved: number; priceCents: number }> {
    return (await (await fetch(`${this.stack.url('inventory')}/products/${sku}`)).json()) as never;
  }

  async setStock(sku: string, available: number): Promise<void> {
    const response = await fetch(`${this.stack.url('inventory')}/products/${sku}/stock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await staffBearer()) },
      body: JSON.stringify({ available }),
    });
    if (response.status !== 200)
      throw new Error(`PUT stock answered ${response.status}: ${await response.text()}`);
  }

  post(
    service: 'order' | 'inventory' | 'payment' | 'fulfilment',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.stack.url(service)}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
