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
