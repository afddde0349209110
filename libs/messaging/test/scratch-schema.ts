import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { testDatabaseUrl } from '@saga-shop/testing';

const outboxInboxSql = readFileSync(path.join(import.meta.dirname, '../sql/outbox-inbox.sql'), 'utf8');

/**
 * A pool whose connections use a fresh schema holding the outbox and inbox tables, so test files
 * running side by side never see each other's rows. `drop()` removes the schema.
 */
export async function scratchSchema(): Promise<{ pool: pg.Pool; drop: () => Promise<void> }> {
  const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`SET search_path TO ${schema}`);
  await admin.query(outboxInboxSql);
  await admin.end();
  const pool = new pg.Pool({
    connectionString: testDatabaseUrl(),
    options: `-c search_path=${schema}`,
    max: 6,
  });
  return {
    pool,
    drop: async () => {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
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
