import { createRequire } from 'node:module';
import pg from 'pg';

// Prisma's schema parser compiled to WASM (from npm): reads schema.prisma offline, no schema engine.
const { get_dmmf: getDmmf } = createRequire(import.meta.url)('@prisma/prisma-schema-wasm') as {
  get_dmmf(params: string): string;
};

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  nativeType: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

/** information_schema's data_type for a Prisma scalar on PostgreSQL. */
function columnType(field: DmmfField): string {
  const native = field.nativeType?.[0];
  if (native === 'Uuid') return 'uuid';
  if (native === 'VarChar') return 'character varying';
  if (field.type === 'DateTime')
    return native === 'Timestamptz' ? 'timestamp with time zone' : 'timestamp without time zone';
  const byType: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    Float: 'double precision',
    Decimal: 'numeric',
    Json: 'jsonb',
  };
  return byType[field.type] ?? `unmapped ${field.type}`;
}

type Columns = Map<string, { type: string; nullable: boolean }>;

/**
 * Compares what schema.prisma declares with the tables a migrated database really has: tables,
 * columns, types and nullability, both ways. Returns the differences (none means no drift).
 */
export async function findSchemaDrift(
  prismaSchema: string,
  databaseUrl: string,
  schema: string,
): Promise<string[]> {
  const models = (
    JSON.parse(getDmmf(JSON.stringify({ prismaSchema }))) as { datamodel: { models: DmmfModel[] } }
  ).datamodel.models;
  const declared = new Map<string, Columns>();
  for (const model of models) {
    const columns: Columns = new Map();
    for (const field of model.fields.filter(
      (candidate) => candidate.kind === 'scalar' || candidate.kind === 'enum',
    )) {
      columns.set(field.dbName ?? field.name, { type: columnType(field), nullable: !field.isRequired });
    }
    declared.set(model.dbName ?? model.name, columns);
  }
  const actual = await readColumns(databaseUrl, schema);
  return [
    ...compare(declared, actual, 'declared in schema.prisma but missing in the database'),
    ...extraTables(declared, actual),
  ];
}

function compare(declared: Map<string, Columns>, actual: Map<string, Columns>, missing: string): string[] {
  const differences: string[] = [];
  for (const [table, columns] of declared) {
    const real = actual.get(table);
    if (!real) {
      differences.push(`table ${table} ${missing}`);
      continue;
    }
    for (const [column, expected] of columns) {
      const found = real.get(column);
      if (!found) differences.push(`column ${table}.${column} ${missing}`);
      else if (found.type !== expected.type)
        differences.push(`${table}.${column}: schema ${expected.type}, database ${found.type}`);
      else if (found.nullable !== expected.nullable) {
        differences.push(
          `${table}.${column}: schema ${expected.nullable ? 'nullable' : 'required'}, database not`,
        );
      }
    }
    for (const column of real.keys()) {
      if (!columns.has(column)) differences.push(`column ${table}.${column} exists in the database only`);
    }
  }
  return differences;
}

function extraTables(declared: Map<string, Columns>, actual: Map<string, Columns>): string[] {
  return [...actual.keys()]
    .filter((table) => !declared.has(table) && table !== '_prisma_migrations')
    .map((table) => `table ${table} exists in the database only`);
}

async function readColumns(databaseUrl: string, schema: string): Promise<Map<string, Columns>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1`,
      [schema],
    );
    const tables = new Map<string, Columns>();
    for (const row of rows) {
      const columns = tables.get(row.table_name) ?? new Map();
      columns.set(row.column_name, { type: row.data_type, nullable: row.is_nullable === 'YES' });
      tables.set(row.table_name, columns);
    }
    return tables;
  } finally {
    await client.end();
  }
}
