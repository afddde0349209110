import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createScratchPool } from '@saga-shop/testing';
import { outboxInboxMigrationsDir } from '../src/outbox/outbox-inbox-migrations.js';

/** This library's migrations' SQL, in name order (libs/platform's runner is not ours to import). */
function outboxInboxMigrationSql(): string[] {
  return readdirSync(outboxInboxMigrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(path.join(outboxInboxMigrationsDir, name, 'migration.sql'), 'utf8'));
}

/** A pool on a fresh schema holding the outbox and inbox tables (this library's migrations); `drop()` removes both. */
export function scratchSchema() {
  return createScratchPool(async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const sql of outboxInboxMigrationSql()) await client.query(sql);
    } finally {
      await client.end();
    }
  }, 6);
}
