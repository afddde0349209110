import { createHash, randomUUID } from 'node:crypto';
import { newEvent } from '@saga-shop/contracts';
import pg from 'pg';
import { benchSkus } from '../load-generator.js';
import type { FloorContext } from './floor-runtime.js';
import type { PlacedOrder, PlaceOrdersCommand } from './ipc-messages.js';
import { commitWithOutbox, query } from './messaging-sql.js';
import { byIdempotencyKey, insertNewOrder } from './order-sql.js';

const progressEveryMs = 250;

/**
 * What POST /orders does, without HTTP: on the bench's command, places orders open loop (order i
 * starts at i / rate whatever happened to the earlier ones) and answers with the accepted ids.
 * Each order is services/order's place-order.ts: the idempotency-key lookup, then one
 * transaction with the order, its first history entry and its order.placed.v1 outbox row.
 */
export class OrderPlacement {
  private sequence = 0;
  /** Keys are unique per process, so runs never replay each other's orders. */
  private readonly runId = `floor-${randomUUID().slice(0, 8)}`;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  /**
   * Placements get a pool of their own: past the sustainable rate they would otherwise queue
   * ahead of the consumer's transactions, and the orders already placed could not finish.
   */
  private readonly pool: pg.Pool;

  constructor(private readonly context: FloorContext) {
    this.pool = new pg.Pool({
      connectionString: context.databaseUrl,
      max: Number(process.env['FLOOR_PLACEMENT_POOL_SIZE'] ?? 6),
    });
    this.pool.on('error', (error) => context.log(`idle placement connection: ${error.message}`));
  }

  start(command: PlaceOrdersCommand): void {
    const run = this.place(command).catch((error: Error) => this.context.log(`placing: ${error.stack}`));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** No new orders; the ones under way finish (and are reported). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
    await this.pool.end();
  }

  private async place({ requestId, count, ratePerSecond, withKeys }: PlaceOrdersCommand): Promise<void> {
    const accepted: PlacedOrder[] = [];
    const errors: Record<string, number> = {};
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    let reportedAt = 0;
    while (sent < count && !this.stopping) {
      const due = Math.min(count, Math.floor(((performance.now() - start) * ratePerSecond) / 1_000) + 1);
      for (; sent < due; sent += 1) inFlight.push(this.placeOne(withKeys, accepted, errors));
      if (performance.now() - reportedAt >= progressEveryMs) {
        reportedAt = performance.now();
        this.context.send({ type: 'progress', requestId, sent });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    this.context.send({ type: 'placed', requestId, accepted, errors });
  }

  private async placeOne(withKeys: boolean, accepted: PlacedOrder[], errors: Record<string, number>) {
    const sentAt = Date.now();
    const request = this.nextRequest();
    const key = withKeys ? `${this.runId}-${this.sequence}` : null;
    try {
      const fingerprint = key ? createHash('sha256').update(JSON.stringify(request)).digest('hex') : null;
      if (key) {
        const [earlier] = await query<{ id: string }>(this.pool, byIdempotencyKey, [key]);
        if (earlier) throw Object.assign(new Error('key replayed'), { code: 'REPLAYED' });
      }
      const orderId = randomUUID();
      const placedAt = new Date();
      await commitWithOutbox(this.pool, async (client) => {
        await insertNewOrder(client, {
          id: orderId,
          ...request,
          idempotencyKey: key,
          requestFingerprint: fingerprint,
          placedAt,
        });
        return [newEvent('order.placed.v1', { orderId, ...request, placedAt: placedAt.toISOString() })];
      });
      this.context.wakeRelay();
      accepted.push({ orderId, sentAt });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      errors[code] = (errors[code] ?? 0) + 1;
      if (code === 'error') this.context.log(`placing an order: ${(error as Error).message}`);
    }
  }

  /** The bench's order mix (load-generator.ts): one or two lines over the catalog, card_ok, FR. */
  private nextRequest() {
    this.sequence += 1;
    const first = benchSkus[this.sequence % benchSkus.length]!;
    const second = benchSkus[(this.sequence * 7 + 3) % benchSkus.length]!;
    const items = [{ sku: first, quantity: 1 }];
    if (this.sequence % 2 === 0 && second !== first) items.push({ sku: second, quantity: 2 });
    return {
      customerId: `bench-${this.sequence % 1_000}`,
      items,
      paymentMethod: 'card_ok',
      shippingAddress: { line1: '1 Bench St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    };
  }
}
