import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { grantRuntimeRole } from './runtime-role.js';

/** One migrations folder, or several applied as one list. */
export type MigrationSources = string | readonly string[];

/**
 * Applies a service's prisma/migrations in order and records each in `_prisma_migrations` exactly
 * as `prisma migrate deploy` does (same table, checksum and columns), so Prisma's own tooling
 * understands the database wherever its schema engine is available. We apply them ourselves because
 * that engine is a native binary the build machines cannot download.
 */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

const createMigrationsTable = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`;

/**
 * `databaseUrl` logs in as the owner; `runtimeRole`, when given, is then granted DML on what the
 * migrations made (runtime-role.ts).
 */
export async function migrate(
  databaseUrl: string,
  migrationsDir: MigrationSources,
  schema = 'public',
  runtimeRole?: string,
): Promise<MigrationResult> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    // Replicas starting together must not apply the same migration twice.
    await client.query(`SELECT pg_advisory_lock(hashtext('saga-shop-migrate'))`);
    await client.query(createMigrationsTable);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs)`);
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      result.applied.push(migration.name);
    }
    if (runtimeRole) await grantRuntimeRole(client, schema, runtimeRole);
    return result;
  } finally {
    await client.end();
  }
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/**
 * For a service that does not migrate itself: fails, naming what is missing, unless every
 * migration of `migrationsDir` is recorded as applied, unchanged. Needs only SELECT.
 */
export async function assertMigrated(
  databaseUrl: string,
  migrationsDir: MigrationSources,
  schema = 'public',
) {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      // No migrations table: never migrated. Anything else (an outage, a missing grant) is itself
      // the error to report, not a reason to claim the migrations are missing.
      .catch((error: { code?: string }) => {
        if (error.code === '42P01') return { rows: [] };
        throw error;
      });
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const missing = migrations.filter((migration) => done.get(migration.name) !== migration.checksum);
    if (missing.length > 0) {
      throw new Error(
        `the database is not migrated (${missing.map((m) => m.name).join(', ')}): run the service with ` +
          'the argument `migrate` and DATABASE_MIGRATION_URL (the owner), or set MIGRATE_ON_START=true',
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Prisma's layout: <folder>/<timestamp>_<name>/migration.sql. Several folders (a saga service's
 * own and libs/messaging's outbox and inbox) are applied as one list, in name order.
 */
async function readMigrations(sources: MigrationSources): Promise<Migration[]> {
  const folders = typeof sources === 'string' ? [sources] : sources;
  const located = new Map<string, string>();
  for (const folder of folders) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const earlier = located.get(entry.name);
      if (earlier) throw new Error(`migration ${entry.name} is in both ${earlier} and ${folder}`);
      located.set(entry.name, folder);
    }
  }
  const names = [...located.keys()].sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(located.get(name)!, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
