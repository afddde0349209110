/** One column as either side describes it. */
export interface Column {
  /** information_schema's data_type. */
  type: string;
  nullable: boolean;
  /** The default the database applies, in column-default.ts's spelling; undefined when none. */
  default: string | undefined;
}
export type Columns = Map<string, Column>;

/**
 * What the drift check compares, read from schema.prisma or from a database. Indexes and foreign
 * keys are kept as one-line descriptions, rendered by the same functions on both sides, so a
 * difference reads as the thing itself and a set difference finds it.
 */
export interface SchemaShape {
  tables: Map<string, Columns>;
  indexes: Set<string>;
  foreignKeys: Set<string>;
}

export interface IndexShape {
  table: string;
  kind: 'primary key' | 'unique index' | 'index';
  /** Key columns in order, each followed by ` DESC` when sorted descending. */
  columns: string[];
  /** The access method: btree unless said otherwise. */
  method: string;
  /** A partial index's WHERE, as PostgreSQL prints it. */
  predicate?: string | null;
}

/** `unique index orders(customer_id, idempotency_key)`, `index outbox(id) WHERE (...)`. */
export function describeIndex(index: IndexShape): string {
  const using = index.method === 'btree' ? '' : ` USING ${index.method}`;
  const where = index.predicate ? ` WHERE ${index.predicate}` : '';
  return `${index.kind} ${index.table}(${index.columns.join(', ')})${using}${where}`;
}

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyShape {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

/** `foreign key order_history(order_id) -> orders(id) ON DELETE NO ACTION ON UPDATE NO ACTION`. */
export function describeForeignKey(key: ForeignKeyShape): string {
  return (
    `foreign key ${key.table}(${key.columns.join(', ')}) -> ` +
    `${key.referencedTable}(${key.referencedColumns.join(', ')}) ` +
    `ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`
  );
}
