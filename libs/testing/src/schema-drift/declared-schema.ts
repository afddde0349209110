import { createRequire } from 'node:module';
import { normaliseLiteralDefault, normaliseSqlDefault } from './column-default.js';
import {
  describeForeignKey,
  describeIndex,
  type Columns,
  type ReferentialAction,
  type SchemaShape,
} from './schema-shape.js';

// Prisma's schema parser compiled to WASM (from npm): reads schema.prisma offline, no schema engine.
const { get_dmmf: getDmmf } = createRequire(import.meta.url)('@prisma/prisma-schema-wasm') as {
  get_dmmf(params: string): string;
};

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  nativeType: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
/** Every @id, @unique, @@id, @@unique and @@index. No `where:`: DMMF drops partial predicates. */
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
}

/** What schema.prisma declares, in the shape the database side is read into. */
export function readDeclaredSchema(prismaSchema: string): SchemaShape {
  const { models, indexes } = (JSON.parse(getDmmf(JSON.stringify({ prismaSchema }))) as Dmmf).datamodel;
  const byName = new Map(models.map((model) => [model.name, model]));
  return {
    tables: new Map(models.map((model) => [tableOf(model), declaredColumns(model)])),
    indexes: new Set(indexes.map((index) => declaredIndex(index, byName.get(index.model)!))),
    foreignKeys: new Set(models.flatMap((model) => declaredForeignKeys(model, byName))),
  };
}

const indexKinds = { id: 'primary key', unique: 'unique index', normal: 'index' } as const;

function declaredIndex(index: DmmfIndex, model: DmmfModel): string {
  if (index.type === 'fulltext') throw new Error(`${model.name}: full-text indexes are MySQL's`);
  return describeIndex({
    table: tableOf(model),
    kind: indexKinds[index.type],
    columns: index.fields.map(
      (field) => columnOf(model, field.name) + (field.sortOrder === 'desc' ? ' DESC' : ''),
    ),
    method: index.algorithm?.toLowerCase() ?? 'btree',
  });
}

/** One per relation field that holds the foreign key (`fields:`/`references:`). */
function declaredForeignKeys(model: DmmfModel, byName: Map<string, DmmfModel>): string[] {
  return model.fields
    .filter((field) => field.relationFromFields?.length)
    .map((relation) => {
      const referenced = byName.get(relation.type)!;
      return describeForeignKey({
        table: tableOf(model),
        columns: relation.relationFromFields!.map((name) => columnOf(model, name)),
        referencedTable: tableOf(referenced),
        referencedColumns: relation.relationToFields!.map((name) => columnOf(referenced, name)),
        // Prisma's defaults when the relation names no action.
        onDelete: sqlAction(relation.relationOnDelete ?? (relation.isRequired ? 'Restrict' : 'SetNull')),
        onUpdate: sqlAction(relation.relationOnUpdate ?? 'Cascade'),
      });
    });
}

function declaredColumns(model: DmmfModel): Columns {
  const columns: Columns = new Map();
  for (const field of model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum')) {
    columns.set(field.dbName ?? field.name, {
      type: columnType(field),
      nullable: !field.isRequired,
      default: declaredDefault(field),
    });
  }
  return columns;
}

/** The default the database should apply, as column-default.ts spells it. */
function declaredDefault(field: DmmfField): string | undefined {
  if (!field.hasDefaultValue) return undefined;
  const value = field.default;
  if (typeof value !== 'object' || value === null) return normaliseLiteralDefault(value, field.type);
  const { name, args } = value as { name: string; args: unknown[] };
  if (name === 'autoincrement') return 'autoincrement()';
  if (name === 'now') return 'now()';
  if (name === 'dbgenerated') return normaliseSqlDefault(String(args[0] ?? ''));
  // uuid(), cuid(), nanoid(), ulid(): Prisma Client makes the value before the INSERT, and Prisma
  // Migrate gives the column no default, so the database should have none.
  return undefined;
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

const tableOf = (model: DmmfModel) => model.dbName ?? model.name;

function columnOf(model: DmmfModel, fieldName: string): string {
  const field = model.fields.find((candidate) => candidate.name === fieldName)!;
  return field.dbName ?? field.name;
}

const sqlActions: Record<string, ReferentialAction> = {
  NoAction: 'NO ACTION',
  Restrict: 'RESTRICT',
  Cascade: 'CASCADE',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};
const sqlAction = (prismaAction: string) => sqlActions[prismaAction]!;
