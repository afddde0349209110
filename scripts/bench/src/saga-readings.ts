import pg from 'pg';
import { databaseUrlFor, serviceNames, type ServiceName } from '@saga-shop/testing';

export interface OrderTiming {
  orderId: string;
  status: string;
  placedAt: number;
  /** When the order's last history entry made it terminal; undefined while it is still open. */
  terminalAt?: number;
}

/**
 * What the benchmark reads from the four databases: order timings (from the times the saga itself
 * recorded, not from polling), open orders and outbox backlog. Read-only.
 */
export class SagaReadings {
  private readonly pools = new Map<ServiceName, pg.Pool>(
    serviceNames.map((name) => [name, new pg.Pool({ connectionString: databaseUrlFor(name), max: 2 })]),
  );

  private pool(name: ServiceName): pg.Pool {
    return this.pools.get(name)!;
  }

  /**
   * POST-to-terminal from the order's history: the OrderPlaced entry (written in the POST's
   * transaction) and the entry that turned it COMPLETED or CANCELLED (kept as terminal_at).
   */
  async orderTimings(orderIds: string[]): Promise<OrderTiming[]> {
    const timings: OrderTiming[] = [];
    for (let from = 0; from < orderIds.length; from += 5_000) {
      const { rows } = await this.pool('order').query<{
        id: string;
        status: string;
        placed_at: Date;
        terminal_at: Date | null;
      }>(
        `SELECT o.id, o.status, h.at AS placed_at, o.terminal_at
           FROM orders o JOIN order_history h ON h.order_id = o.id AND h.type = 'OrderPlaced'
          WHERE o.id = ANY($1::uuid[])`,
        [orderIds.slice(from, from + 5_000)],
      );
      for (const row of rows)
        timings.push({
          orderId: row.id,
          status: row.status,
          placedAt: row.placed_at.getTime(),
          terminalAt: row.terminal_at?.getTime(),
        });
    }
    return timings;
  }

  /** Orders placed since `since` that are not terminal yet: the saga's backlog. */
  async openOrders(since: Date): Promise<number> {
    const { rows } = await this.pool('order').query<{ open: string }>(
      `SELECT count(*) AS open FROM orders WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND created_at >= $1`,
      [since],
    );
    return Number(rows[0]!.open);
  }

  /** Unpublished outbox rows per service. */
  async outboxBacklog(): Promise<Record<ServiceName, number>> {
    const counts = await Promise.all(
      serviceNames.map(async (name) => {
        const { rows } = await this.pool(name).query<{ backlog: string }>(
          'SELECT count(*) AS backlog FROM outbox WHERE quarantined_at IS NULL',
        );
        return [name, Number(rows[0]!.backlog)] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<ServiceName, number>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }
}
