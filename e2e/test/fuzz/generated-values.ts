import fc from 'fast-check';

// Values for generated requests (rest-edge-fuzz.e2e-spec.ts): what a JSON schema accepts, the same
// value broken field by field, and values of any other shape.

export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}
/** Values an operation's author picks instead of generated ones (say, SKUs that are not for sale). */
export type Overrides = Record<string, fc.Arbitrary<unknown>>;

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\uffff',
  '👩‍👩‍👧‍👦'.repeat(50),
  'Ω≈ç√∫˜µ≤≥÷',
  "'; DROP TABLE orders; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'x'.repeat(20_000),
];

/** Any JSON value a schema did not ask for: other types, edge numbers, huge and odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values a schema accepts (a string without a pattern may still be refused by the service). */
export function validValue(schema: JsonSchema, overrides: Overrides = {}, name = ''): fc.Arbitrary<unknown> {
  const override = overrides[name];
  if (override) return override;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const entries = Object.entries(schema.properties ?? {}).map(
        ([key, property]) => [key, validValue(property, overrides, key)] as const,
      );
      return fc.record(Object.fromEntries(entries));
    }
    case 'array':
      return fc.array(validValue(schema.items ?? {}, overrides, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return stringWithin(Math.max(schema.minLength ?? 0, 1), schema.maxLength ?? 40);
  }
}

// Strings of the right type a database or a JSON column may still choke on.
const awkwardStrings = ['a\u0000b', '\ud800', 'x\udfff', '👩‍👩‍👧‍👦', '\u202eevil', '\t\r\n', 'Ω≈ç√∫', '\\', '"'];

function stringWithin(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const awkward = awkwardStrings.filter((text) => text.length >= minLength && text.length <= maxLength);
  return fc.oneof(
    ...(['grapheme-ascii', 'grapheme', 'binary'] as const).map((unit) =>
      fc.string({ unit, minLength, maxLength }),
    ),
    ...(awkward.length > 0 ? [fc.constantFrom(...awkward)] : []),
  );
}

type JsonPath = (string | number)[];

function pathsIn(value: unknown, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, index) => pathsIn(item, [...at, index]))];
  if (value && typeof value === 'object')
    return [at, ...Object.entries(value).flatMap(([key, item]) => pathsIn(item, [...at, key]))];
  return [at];
}

type Mutation = 'remove' | 'replace' | 'add-field' | 'duplicate';

/** One field (or element) of a valid value removed, replaced, joined by an unknown one, or repeated. */
export function mutated(value: unknown, pick: number, mutation: Mutation, hostile: unknown, key: string) {
  const copy = structuredClone(value);
  const paths = pathsIn(copy);
  const at = paths[pick % paths.length] ?? [];
  if (at.length === 0) return mutation === 'replace' ? hostile : copy;
  const parent = at.slice(0, -1).reduce<unknown>((node, step) => (node as never)[step], copy) as never;
  const last = at[at.length - 1] as never;
  if (mutation === 'remove') {
    if (Array.isArray(parent)) (parent as unknown[]).splice(Number(last), 1);
    else delete (parent as Record<string, unknown>)[last];
  } else if (mutation === 'replace') (parent as Record<string, unknown>)[last] = hostile;
  else if (mutation === 'duplicate' && Array.isArray(parent)) (parent as unknown[]).push(parent[last]);
  else if (parent && typeof parent === 'object')
    (parent as Record<string, unknown>)[key || 'extra'] = hostile;
  return copy;
}

export const mutatedValue = (schema: JsonSchema, overrides: Overrides) =>
  fc
    .tuple(
      validValue(schema, overrides),
      fc.nat(),
      fc.constantFrom<Mutation>('remove', 'replace', 'add-field', 'duplicate'),
      hostileValue,
      fc.string({ maxLength: 12 }),
    )
    .map(([value, pick, mutation, hostile, key]) => mutated(value, pick, mutation, hostile, key));
