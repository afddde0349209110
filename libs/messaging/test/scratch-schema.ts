import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createScratchPool } from '@saga-shop/testing';

const outboxInboxSql = readFileSync(path.join(import.meta.dirname, '../sql/outbox-inbox.sql'), 'utf8');

/** A pool on a fresh schema holding the outbox and inbox tables; `drop()` removes both. */
export function scratchSchema() {
  return createScratchPool(async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(outboxInboxSql).finally(() => client.end());
  }, 6);
}
