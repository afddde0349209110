import { afterAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrate, sagaServiceMigrations } from '@saga-shop/platform/migrations';
import {
  createScratchSchema,
  findSchemaDrift,
  serviceNames,
  workspaceRoot,
  type ScratchSchema,
} from '@saga-shop/testing';

// Migrations are SQL we apply ourselves (no Prisma schema engine here), so nothing else would
// notice a schema.prisma change without its migration, or a migration schema.prisma does not know.
const scratches: ScratchSchema[] = [];

async function migratedScratch(service: string): Promise<ScratchSchema> {
  const scratch = await createScratchSchema();
  scratches.push(scratch);
  await migrate(
    scratch.url,
    sagaServiceMigrations(path.join(workspaceRoot, 'services', service, 'prisma/migrations')),
    scratch.schema,
  );
  return scratch;
}

const schemaOf = (service: string) =>
  readFile(path.join(workspaceRoot, 'services', service, 'prisma/schema.prisma'), 'utf8');

const missing = 'declared in schema.prisma but missing in the database';
const databaseOnly = 'exists in the database only';
const historyKey = 'foreign key order_history(order_id) -> orders(id)';

// Each case alters a freshly migrated database and expects exactly its differences, no others.
const bites: { proves: string; service: string; alterations: string[]; drift: string[] }[] = [
  {
    proves: 'reports a column only the database has, a nullability change and a missing column',
    service: 'fulfilment',
    alterations: [
      'ALTER TABLE shipments ADD COLUMN surprise INTEGER',
      'ALTER TABLE shipments ALTER COLUMN country DROP NOT NULL',
      'ALTER TABLE inbox DROP COLUMN received_at',
    ],
    drift: [
      `column shipments.surprise ${databaseOnly}`,
      'shipments.country: schema required, database not',
      `column inbox.received_at ${missing}`,
    ],
  },
  {
    proves: 'reports a dropped index, and a default changed, added and dropped',
    service: 'order',
    alterations: [
      'DROP INDEX order_history_order_id_id_idx',
      `ALTER TABLE orders ALTER COLUMN trace_headers SET DEFAULT '{"traceparent": "00"}'`,
      `ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'PENDING'`,
      'ALTER TABLE orders ALTER COLUMN created_at DROP DEFAULT',
    ],
    drift: [
      `index order_history(order_id, id) ${missing}`,
      `orders.trace_headers: schema default '{}', database '{"traceparent":"00"}'`,
      "orders.status: schema default none, database 'PENDING'",
      'orders.created_at: schema default now(), database none',
    ],
  },
  {
    proves: 'reports a lost unique constraint and an index only the database has',
    service: 'fulfilment',
    alterations: [
      'ALTER TABLE shipments DROP CONSTRAINT shipments_order_id_key',
      'CREATE INDEX shipments_country_idx ON shipments (country)',
    ],
    drift: [`unique index shipments(order_id) ${missing}`, `index shipments(country) ${databaseOnly}`],
  },
  {
    proves: 'reports an allowed SQL-only index that the database lost, or whose predicate changed',
    service: 'fulfilment',
    alterations: [
      'DROP INDEX shipments_packing_idx',
      'DROP INDEX outbox_quarantined_idx',
      'CREATE INDEX outbox_quarantined_idx ON outbox (id) WHERE quarantined_at IS NULL',
    ],
    drift: [
      "index shipments(dispatch_after) WHERE (status = 'PACKING'::text) is allowed as SQL-only but missing in the database",
      'index outbox(id) WHERE (quarantined_at IS NOT NULL) is allowed as SQL-only but missing in the database',
      `index outbox(id) WHERE (quarantined_at IS NULL) ${databaseOnly}`,
    ],
  },
  {
    proves: 'reports a foreign key whose ON DELETE changed',
    service: 'order',
    alterations: [
      `ALTER TABLE order_history DROP CONSTRAINT order_history_order_id_fkey,
         ADD FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE`,
    ],
    drift: [
      `${historyKey} ON DELETE NO ACTION ON UPDATE NO ACTION ${missing}`,
      `${historyKey} ON DELETE CASCADE ON UPDATE NO ACTION ${databaseOnly}`,
    ],
  },
  {
    proves: 'reports a dropped foreign key',
    service: 'inventory',
    alterations: ['ALTER TABLE stock_adjustments DROP CONSTRAINT stock_adjustments_sku_fkey'],
    drift: [
      `foreign key stock_adjustments(sku) -> products(sku) ON DELETE NO ACTION ON UPDATE NO ACTION ${missing}`,
    ],
  },
];

describe('schema.prisma and the migrations agree', () => {
  afterAll(async () => {
    await Promise.all(scratches.map((scratch) => scratch.drop()));
  });

  it.each(serviceNames)(
    '%s: the migrated database is exactly what schema.prisma declares',
    async (service) => {
      const scratch = await migratedScratch(service);
      expect(await findSchemaDrift(await schemaOf(service), scratch.url, scratch.schema)).toEqual([]);
    },
  );

  describe('the check bites', () => {
    async function driftAfter(service: string, alterations: string[]): Promise<string[]> {
      const scratch = await migratedScratch(service);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        for (const alteration of alterations) await client.query(alteration);
      } finally {
        await client.end();
      }
      return (await findSchemaDrift(await schemaOf(service), scratch.url, scratch.schema)).sort();
    }

    it.each(bites)('$proves', async ({ service, alterations, drift }) => {
      expect(await driftAfter(service, alterations)).toEqual([...drift].sort());
    });
  });
});
