// Column defaults in one spelling, so schema.prisma's and PostgreSQL's compare as text: `now()`,
// `autoincrement()`, literals quoted the SQL way without their casts ('SHIPPED', '{}'), numbers
// and booleans bare (0, -1, true), any other expression as written.

const numericCasts = /^(smallint|integer|bigint|numeric|decimal|real|double precision)(\(.*\))?$/;

/** A default as PostgreSQL prints it (information_schema's column_default), or a dbgenerated() text. */
export function normaliseSqlDefault(expression: string): string {
  const sql = expression.trim();
  // BIGSERIAL and SERIAL columns, which Prisma's autoincrement() becomes.
  if (/^nextval\(/i.test(sql)) return 'autoincrement()';
  // Prisma Migrate writes CURRENT_TIMESTAMP for now(); hand-written migrations often say now().
  if (/^(now\(\)|current_timestamp(\(\d+\))?|transaction_timestamp\(\))$/i.test(sql)) return 'now()';
  // A quoted literal with an optional cast: PostgreSQL adds the cast ('SHIPPED'::text) and quotes
  // negative numbers ('-1'::integer). A cast containing a quote means an expression, not a literal.
  const literal = /^'((?:[^']|'')*)'(?:::([^']+))?$/.exec(sql);
  if (!literal) return isNumber(sql) ? canonicalNumber(sql) : sql;
  const value = literal[1]!.replaceAll("''", "'");
  const cast = literal[2]?.trim() ?? 'text';
  if (numericCasts.test(cast)) return canonicalNumber(value);
  if (cast === 'boolean') return value;
  if (cast === 'json' || cast === 'jsonb') return quote(canonicalJson(value));
  return quote(value);
}

/** A literal @default of a field of Prisma type `prismaType` (DMMF gives BigInt ones as strings). */
export function normaliseLiteralDefault(value: unknown, prismaType: string): string {
  const text = String(value);
  if (['Int', 'BigInt', 'Float', 'Decimal'].includes(prismaType)) return canonicalNumber(text);
  if (prismaType === 'Boolean') return text;
  if (prismaType === 'Json') return quote(canonicalJson(text));
  return quote(text);
}

const isNumber = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

/** 1.50 and 1.5 are the same default; a numeric column prints what the migration wrote. */
function canonicalNumber(text: string): string {
  return isNumber(text) && text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
