import type { Columns, SchemaShape } from './schema-shape.js';
import { sqlOnlyIndexes } from './sql-only-indexes.js';

const missing = 'declared in schema.prisma but missing in the database';
const databaseOnly = 'exists in the database only';

/** Every difference between what schema.prisma declares and what the database has, both ways. */
export function compareSchemas(declared: SchemaShape, actual: SchemaShape): string[] {
  const { indexes, staleEntries } = setAsideSqlOnlyIndexes(actual);
  return [
    ...compareTables(declared.tables, actual.tables),
    ...compareSets(declared.indexes, indexes),
    ...compareSets(declared.foreignKeys, actual.foreignKeys),
    ...staleEntries,
  ];
}

function compareTables(declared: Map<string, Columns>, actual: Map<string, Columns>): string[] {
  const differences: string[] = [];
  for (const [table, columns] of declared) {
    const real = actual.get(table);
    if (!real) differences.push(`table ${table} ${missing}`);
    else differences.push(...compareColumns(table, columns, real));
  }
  for (const table of actual.keys()) {
    if (!declared.has(table)) differences.push(`table ${table} ${databaseOnly}`);
  }
  return differences;
}

function compareColumns(table: string, declared: Columns, actual: Columns): string[] {
  const differences: string[] = [];
  for (const [column, expected] of declared) {
    const found = actual.get(column);
    if (!found) {
      differences.push(`column ${table}.${column} ${missing}`);
      continue;
    }
    // A different type explains a different default cast too: report the type alone.
    if (found.type !== expected.type) {
      differences.push(`${table}.${column}: schema ${expected.type}, database ${found.type}`);
      continue;
    }
    if (found.nullable !== expected.nullable) {
      differences.push(
        `${table}.${column}: schema ${expected.nullable ? 'nullable' : 'required'}, database not`,
      );
    }
    if (found.default !== expected.default) {
      differences.push(
        `${table}.${column}: schema default ${expected.default ?? 'none'}, database ${found.default ?? 'none'}`,
      );
    }
  }
  for (const column of actual.keys()) {
    if (!declared.has(column)) differences.push(`column ${table}.${column} ${databaseOnly}`);
  }
  return differences;
}

function compareSets(declared: Set<string>, actual: Set<string>): string[] {
  return [
    ...[...declared].filter((item) => !actual.has(item)).map((item) => `${item} ${missing}`),
    ...[...actual].filter((item) => !declared.has(item)).map((item) => `${item} ${databaseOnly}`),
  ];
}

/**
 * The database's indexes without the allow-listed SQL-only ones, and a difference for each entry
 * whose table is here but whose index is not, so the list cannot outlive the indexes it excuses.
 */
function setAsideSqlOnlyIndexes(actual: SchemaShape) {
  const indexes = new Set(actual.indexes);
  const staleEntries: string[] = [];
  for (const { index } of sqlOnlyIndexes) {
    if (!actual.tables.has(/(\w+)\(/.exec(index)![1]!)) continue;
    if (!indexes.delete(index))
      staleEntries.push(`${index} is allowed as SQL-only but missing in the database`);
  }
  return { indexes, staleEntries };
}
