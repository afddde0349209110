import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from './databases.js';

export interface ScratchSchema {
  /** Connection URL whose sessions use only this schema (search_path). */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/**
 * A fresh schema in the scratch test database, so integration tests running side by side never
 * see each other's rows and never touch a service's own database.
 */
export async function createScratchSchema(): Promise<ScratchSchema> {
  const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await runAdmin(`CREATE SCHEMA ${schema}`);
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => runAdmin(`DROP SCHEMA ${schema} CASCADE`) };
}

async function runAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchPool {
  /** A pool whose sessions use only the scratch schema; `schema` names it (as DatabasePool does). */
  pool: pg.Pool & { schema: string };
  drop(): Promise<void>;
}

/**
 * A fresh schema, prepared by `prepare` (a service's migrations, or plain SQL), with a pool on it.
 * `drop()` closes the pool and removes the schema.
 */
export async function createScratchPool(
  prepare: (url: string, schema: string) => Promise<unknown>,
  poolSize = 10,
): Promise<ScratchPool> {
  const scratch = await createScratchSchema();
  await prepare(scratch.url, scratch.schema);
  const pool = Object.assign(new pg.Pool({ connectionString: scratch.url, max: poolSize }), {
    schema: scratch.schema,
  });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await scratch.drop();
    },
  };
}
