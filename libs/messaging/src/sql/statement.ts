/**
 * A SQL statement with a fixed text and a name. node-pg prepares a named statement once per
 * connection and then only binds values, so PostgreSQL parses and plans it once: every hot-path
 * statement is one of these, with a static shape (arrays through `unnest`, never a variable number
 * of placeholders), which keeps the plan cache working.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const names = new Set<string>();

/** Declares a statement; names are unique per process, so two texts never share one. */
export function statement(name: string, text: string): Statement {
  if (names.has(name)) throw new Error(`SQL statement name ${name} is declared twice`);
  names.add(name);
  return { name, text: text.replace(/\s+/g, ' ').trim() };
}

/** What runs statements: a transaction, or a pool for reads outside one. */
export interface Sql {
  /** The rows a statement returns. */
  query<Row>(statement: Statement, values?: readonly unknown[]): Promise<Row[]>;
  /** How many rows a statement changed. */
  execute(statement: Statement, values?: readonly unknown[]): Promise<number>;
}
