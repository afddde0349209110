import pg from 'pg';
import { normaliseSqlDefault } from './column-default.js';
import {
  describeForeignKey,
  describeIndex,
  type ReferentialAction,
  type SchemaShape,
} from './schema-shape.js';

// The migration runner's own bookkeeping (libs/platform migrate.ts), which schema.prisma never declares.
const migrationsTable = '_prisma_migrations';

/**
 * What the tables of `schema` really have, from information_schema and pg_catalog. CHECK
 * constraints are not read: Prisma cannot declare them, so they live in the migrations only.
 */
export async function readDatabaseSchema(databaseUrl: string, schema: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return {
      tables: await readColumns(client, schema),
      indexes: await readIndexes(client, schema),
      foreignKeys: await readForeignKeys(client, schema),
    };
  } finally {
    await client.end();
  }
}

async function readColumns(client: pg.Client, schema: string): Promise<SchemaShape['tables']> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> $2`,
    [schema, migrationsTable],
  );
  const tables: SchemaShape['tables'] = new Map();
  for (const row of rows) {
    const columns = tables.get(row.table_name) ?? new Map();
    columns.set(row.column_name, {
      type: row.data_type,
      nullable: row.is_nullable === 'YES',
      default: row.column_default === null ? undefined : normaliseSqlDefault(row.column_default),
    });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Every index, those behind PRIMARY KEY and UNIQUE constraints included. */
async function readIndexes(client: pg.Client, schema: string): Promise<Set<string>> {
  const { rows } = await client.query<{
    table_name: string;
    is_primary: boolean;
    is_unique: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
  }>(
    // Key columns only (not INCLUDE ones), by name, or the expression of an expression index.
    `SELECT t.relname::text AS table_name, i.indisprimary AS is_primary, i.indisunique AS is_unique,
            am.amname::text AS method, pg_get_expr(i.indpred, i.indrelid) AS predicate,
            array(SELECT coalesce(a.attname::text, pg_get_indexdef(i.indexrelid, k, true))
                         || CASE WHEN i.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                    FROM generate_series(1, i.indnkeyatts::int) AS k
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
                   ORDER BY k)::text[] AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class index_class ON index_class.oid = i.indexrelid
       JOIN pg_am am ON am.oid = index_class.relam
      WHERE n.nspname = $1 AND t.relname <> $2`,
    [schema, migrationsTable],
  );
  const kindOf = (row: (typeof rows)[number]) =>
    row.is_primary ? 'primary key' : row.is_unique ? 'unique index' : 'index';
  return new Set(
    rows.map((row) =>
      describeIndex({
        table: row.table_name,
        kind: kindOf(row),
        columns: row.columns,
        method: row.method,
        predicate: row.predicate,
      }),
    ),
  );
}

// pg_constraint's confdeltype / confupdtype letters.
const actions: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function readForeignKeys(client: pg.Client, schema: string): Promise<Set<string>> {
  const { rows } = await client.query<{
    table_name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT source.relname::text AS table_name, target.relname::text AS referenced_table,
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS key(attnum, position)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = key.attnum
                   ORDER BY key.position) AS columns,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS key(attnum, position)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = key.attnum
                   ORDER BY key.position) AS referenced_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update
       FROM pg_constraint c
       JOIN pg_class source ON source.oid = c.conrelid
       JOIN pg_class target ON target.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = source.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  return new Set(
    rows.map((row) =>
      describeForeignKey({
        table: row.table_name,
        columns: row.columns,
        referencedTable: row.referenced_table,
        referencedColumns: row.referenced_columns,
        onDelete: actions[row.on_delete]!,
        onUpdate: actions[row.on_update]!,
      }),
    ),
  );
}
