import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createScratchSchema } from '@saga-shop/testing';

const outboxInboxSql = readFileSync(path.join(import.meta.dirname, '../sql/outbox-inbox.sql'), 'utf8');

/** A pool on a fresh schema holding the outbox and inbox tables; `drop()` removes both. */
export async function scratchSchema(): Promise<{ pool: pg.Pool; drop: () => Promise<void> }> {
  const scratch = await createScratchSchema();
  const pool = new pg.Pool({ connectionString: scratch.url, max: 6 });
  await pool.query(outboxInboxSql);
  return {
    pool,
    drop: async () => {
      await pool.end();
      await scratch.drop();
    },
  };
}

/** A Prisma-like executor over one pg client, for addToOutbox / claimInInbox in tests. */
export function executorOf(client: pg.PoolClient) {
  return {
    $executeRawUnsafe: async (query: string, ...values: unknown[]) =>
      (await client.query(query, values)).rowCount ?? 0,
  };
}
