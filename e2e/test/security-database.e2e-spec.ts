import { beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, serviceCatalog, serviceConfigSchema } from '@saga-shop/config';
import { migrateAsOwner, sagaServiceMigrations } from '@saga-shop/platform/migrations';
import { runtimeDatabaseUrlFor, serviceNames, workspaceRoot } from '@saga-shop/testing';

// Attack: a service whose process is compromised holds only its runtime role. It reads and writes
// rows, and nothing else: no DDL, no rewriting of the migration history, no other database.
async function as(url: string, sql: string): Promise<{ ok: true } | { ok: false; code: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(sql);
    return { ok: true };
  } catch (error) {
    return { ok: false, code: (error as { code?: string }).code ?? 'unknown' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  // The tables exist and the grants are in place, as after the service's first start.
  for (const name of serviceNames) {
    const config = loadConfig(serviceConfigSchema(serviceCatalog[name]), {});
    const own = path.join(workspaceRoot, 'services', name, 'prisma/migrations');
    await migrateAsOwner(config, sagaServiceMigrations(own));
  }
}, 60_000);

describe.each(serviceNames)('the runtime role of %s', (name) => {
  const url = () => runtimeDatabaseUrlFor(name);

  it('reads and writes rows of its own tables', async () => {
    expect(await as(url(), 'SELECT count(*) FROM outbox')).toEqual({ ok: true });
    expect(await as(url(), 'BEGIN; DELETE FROM outbox WHERE false; ROLLBACK')).toEqual({ ok: true });
  });

  it.each([
    ['DROP a table', 'DROP TABLE outbox'],
    ['ALTER a table', 'ALTER TABLE outbox ADD COLUMN stolen text'],
    ['CREATE a table', 'CREATE TABLE exfiltrate (data text)'],
    ['TRUNCATE a table', 'TRUNCATE outbox'],
    ['rewrite the migration history', 'DELETE FROM "_prisma_migrations"'],
    ['CREATE a schema', 'CREATE SCHEMA attacker'],
    ['CREATE a function', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'],
  ])('cannot %s (42501 insufficient_privilege)', async (_attempt, sql) => {
    expect(await as(url(), sql)).toEqual({ ok: false, code: '42501' });
  });

  it("cannot connect to another service's database", async () => {
    const other = serviceNames.find((candidate) => candidate !== name) ?? name;
    const elsewhere = new URL(url());
    elsewhere.pathname = `/saga_${other}`;
    expect(await as(elsewhere.href, 'SELECT 1')).toEqual({ ok: false, code: '42501' });
  });
});
