import pg from 'pg';
import { createScratchPool } from '@saga-shop/testing';
import { outboxInboxMigrationSql } from '../src/outbox/outbox-inbox-migrations.js';

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
