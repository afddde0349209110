import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '@saga-shop/platform/migrations';
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
    path.join(workspaceRoot, 'services', service, 'prisma/migrations'),
    scratch.schema,
  );
  return scratch;
}

const schemaOf = (service: string) =>
  readFile(path.join(workspaceRoot, 'services', service, 'prisma/schema.prisma'), 'utf8');

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
    let scratch: ScratchSchema;
    beforeAll(async () => {
      scratch = await migratedScratch('fulfilment');
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      await client.query('ALTER TABLE shipments ADD COLUMN surprise INTEGER');
      await client.query('ALTER TABLE shipments ALTER COLUMN country DROP NOT NULL');
      await client.query('ALTER TABLE inbox DROP COLUMN received_at');
      await client.end();
    });

    it('reports a column only the database has, a nullability change and a missing column', async () => {
      const drift = await findSchemaDrift(await schemaOf('fulfilment'), scratch.url, scratch.schema);
      expect(drift).toEqual(
        expect.arrayContaining([
          'column shipments.surprise exists in the database only',
          'shipments.country: schema required, database not',
          'column inbox.received_at declared in schema.prisma but missing in the database',
        ]),
      );
    });
  });
});
