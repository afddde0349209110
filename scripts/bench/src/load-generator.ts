import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { tokenFor } from '@saga-shop/testing';

/** The demo catalog's SKUs (seeded by inventory); the bench restocks them before it starts. */
export const benchSkus = ['TSHIRT-M', 'MUG-CLASSIC', 'HOODIE-L', 'POSTER-A2', 'CAP-BLUE', 'STICKER-PACK'];

export interface SentOrder {
  orderId: string;
  sentAt: number;
}

export interface LoadResult {
  accepted: SentOrder[];
  /** Non-202 answers and transport errors, by status (or error code). */
  errors: Record<string, number>;
  /** 503 and 429 answers (load shedding): with a Retry-After header, as they must be, or without. */
  refused: { withRetryAfter: number; withoutRetryAfter: number };
}

/**
 * Open-loop load: order i is sent at start + i / rate whatever happened to earlier ones, so a slow
 * system meets the offered rate instead of quietly lowering it (no coordinated omission).
 */
export class LoadGenerator {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private sequence = 0;
  /** Keys are unique per generator, so runs never replay each other's orders. */
  private readonly runId = `bench-${randomUUID().slice(0, 8)}`;

  /** `withKeys`: every order carries an Idempotency-Key (the bench's default; see main.ts). */
  constructor(
    private readonly orderUrl: string,
    private readonly withKeys = true,
  ) {}

  async run(ratePerSecond: number, durationMs: number, onTick?: (sent: number) => void): Promise<LoadResult> {
    const result: LoadResult = {
      accepted: [],
      errors: {},
      refused: { withRetryAfter: 0, withoutRetryAfter: 0 },
    };
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    const total = Math.round((ratePerSecond * durationMs) / 1_000);
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * ratePerSecond) / 1_000) + 1);
      for (; sent < due; sent += 1) inFlight.push(this.placeOne(result));
      onTick?.(sent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    return result;
  }

  close(): void {
    this.agent.destroy();
  }

  private async placeOne(result: LoadResult): Promise<void> {
    const sentAt = Date.now();
    const { key, body: orderBody, customerId } = this.nextOrder();
    try {
      // Signed once per customer (cached), as a client keeps its token: verifying it is the
      // service's cost, signing it is not.
      const token = await tokenFor(customerId);
      const { status, body, retryAfter } = await this.post(orderBody, key, token).catch(
        (error: { code?: string; reusedSocket?: boolean }) => {
          // The server closed an idle keep-alive connection just as this request went out on it (Node's
          // documented race). The Idempotency-Key makes the one retry safe: never a second order.
          if (error.code === 'ECONNRESET' && error.reusedSocket) return this.post(orderBody, key, token);
          throw error;
        },
      );
      if (status === 202)
        result.accepted.push({ orderId: (JSON.parse(body) as { orderId: string }).orderId, sentAt });
      else result.errors[String(status)] = (result.errors[String(status)] ?? 0) + 1;
      if (status === 503 || status === 429) {
        if (retryAfter) result.refused.withRetryAfter += 1;
        else result.refused.withoutRetryAfter += 1;
      }
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      result.errors[code] = (result.errors[code] ?? 0) + 1;
    }
  }

  /** One or two lines over the catalog, so no single stock row is every order's hot spot. */
  private nextOrder(): { key: string; body: string; customerId: string } {
    this.sequence += 1;
    const first = benchSkus[this.sequence % benchSkus.length]!;
    const second = benchSkus[(this.sequence * 7 + 3) % benchSkus.length]!;
    const items = [{ sku: first, quantity: 1 }];
    if (this.sequence % 2 === 0 && second !== first) items.push({ sku: second, quantity: 2 });
    const customerId = `bench-${this.sequence % 1_000}`;
    const body = JSON.stringify({
      customerId,
      items,
      paymentMethod: 'card_ok',
      shippingAddress: { line1: '1 Bench St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    });
    return { key: `${this.runId}-${this.sequence}`, body, customerId };
  }

  private post(
    body: string,
    idempotencyKey: string,
    token: string,
  ): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.orderUrl}/orders`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...(this.withKeys ? { 'idempotency-key': idempotencyKey } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              retryAfter: response.headers['retry-after'],
            }),
          );
          response.on('error', reject);
        },
      );
      request.setTimeout(30_000, () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
      request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end(body);
    });
  }
}
