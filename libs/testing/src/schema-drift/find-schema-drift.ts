import { compareSchemas } from './compare.js';
import { readDatabaseSchema } from './database-schema.js';
import { readDeclaredSchema } from './declared-schema.js';

/**
 * Compares what schema.prisma declares with what a migrated database really has, both ways:
 * tables, columns (type, nullability, default), indexes (primary keys and unique ones included)
 * and foreign keys (columns, referenced columns, ON DELETE / ON UPDATE). Returns the differences,
 * one readable line each; none means no drift.
 */
export async function findSchemaDrift(
  prismaSchema: string,
  databaseUrl: string,
  schema: string,
): Promise<string[]> {
  return compareSchemas(readDeclaredSchema(prismaSchema), await readDatabaseSchema(databaseUrl, schema));
}
