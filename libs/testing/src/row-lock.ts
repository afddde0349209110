import type pg from 'pg';
import { waitFor } from './wait-for.js';

/**
 * A transaction on a connection of its own that holds row locks until released, so a test can
 * force one interleaving of concurrent transactions instead of hoping for it.
 */
export class RowLockHolder {
  private constructor(
    private readonly client: pg.PoolClient,
    /** The backend holding the locks, as pg_blocking_pids names it. */
    readonly pid: number,
  ) {}

  /** BEGIN, then `lockQuery` (a SELECT ... FOR UPDATE that must lock at least one row). */
  static async lock(pool: pg.Pool, lockQuery: string, values: unknown[]): Promise<RowLockHolder> {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await client.query('BEGIN');
    const locked = await client.query(lockQuery, values);
    const [backend] = rows;
    if (!backend || locked.rowCount === 0) {
      await client.query('ROLLBACK').finally(() => client.release());
      throw new Error(`${lockQuery} locked no row`);
    }
    return new RowLockHolder(client, backend.pid);
  }

  /** ROLLBACK: whoever waits on these locks goes ahead. */
  async release(): Promise<void> {
    try {
      await this.client.query('ROLLBACK');
    } finally {
      this.client.release();
    }
  }
}

/** The pid of a backend waiting for a lock that `blockerPid` holds, once there is one. */
export function waitUntilBlockedBy(pool: pg.Pool, blockerPid: number): Promise<number> {
  return waitFor(
    async () => {
      const { rows } = await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND $1 = ANY(pg_blocking_pids(pid))`,
        [blockerPid],
      );
      return rows[0]?.pid;
    },
    { timeoutMs: 5_000, intervalMs: 10, what: `a backend waiting for a lock of backend ${blockerPid}` },
  );
}
