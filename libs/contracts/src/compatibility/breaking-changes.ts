/**
 * Whether a changed JSON Schema of a published event version still fits the events in the log
 * and the consumers already deployed. A published version is read long after it was written
 * (replays, slow consumers, rolling deploys), so the current schema must accept every payload the
 * published one accepted, and still promise every field the published one promised. Anything
 * else is a breaking change and needs a new version (`order.placed.v2`).
 *
 * Additional properties are not judged: zod's objects strip unknown keys, so a consumer ignores a
 * field it does not know.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

const lowerBounds = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const upperBounds = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;

const typesOf = (schema: JsonSchema) =>
  schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];

/** Each breaking change, as `<path>: <what changed>`; empty when the change is compatible. */
export function findBreakingChanges(published: JsonSchema, current: JsonSchema, path = '$'): string[] {
  const branches = published.anyOf ?? published.oneOf;
  if (branches) {
    const currentBranches = current.anyOf ?? current.oneOf ?? [current];
    return branches.flatMap((branch, index) =>
      currentBranches.some((candidate) => findBreakingChanges(branch, candidate).length === 0)
        ? []
        : [`${path}: variant ${index + 1} of the union is no longer accepted`],
    );
  }
  return [
    ...typeChanges(published, current, path),
    ...valueChanges(published, current, path),
    ...objectChanges(published, current, path),
    ...(published.items && current.items
      ? findBreakingChanges(published.items, current.items, `${path}[]`)
      : []),
  ];
}

function typeChanges(published: JsonSchema, current: JsonSchema, path: string): string[] {
  const before = typesOf(published);
  const after = typesOf(current);
  if (!after) return [];
  if (!before) return [`${path}: type narrowed from any to ${after.join('|')}`];
  // An integer is a number: number → integer narrows, integer → number widens.
  const accepts = (type: string) => after.includes(type) || (type === 'integer' && after.includes('number'));
  const lost = before.filter((type) => !accepts(type));
  return lost.length > 0 ? [`${path}: type narrowed from ${before.join('|')} to ${after.join('|')}`] : [];
}

function valueChanges(published: JsonSchema, current: JsonSchema, path: string): string[] {
  const changes: string[] = [];
  if (current.enum) {
    const removed = (published.enum ?? []).filter((value) => !current.enum?.includes(value));
    if (!published.enum && published.const === undefined) changes.push(`${path}: narrowed to an enum`);
    for (const value of removed) changes.push(`${path}: enum value ${JSON.stringify(value)} removed`);
  }
  if (current.const !== undefined && JSON.stringify(current.const) !== JSON.stringify(published.const))
    changes.push(`${path}: const changed to ${JSON.stringify(current.const)}`);
  for (const key of ['pattern', 'format'] as const) {
    if (current[key] !== undefined && current[key] !== published[key])
      changes.push(`${path}: ${key} changed to ${current[key]}`);
  }
  for (const key of lowerBounds) {
    const after = current[key];
    if (after !== undefined && after > (published[key] ?? Number.NEGATIVE_INFINITY))
      changes.push(`${path}: ${key} raised to ${after}`);
  }
  for (const key of upperBounds) {
    const after = current[key];
    if (after !== undefined && after < (published[key] ?? Number.POSITIVE_INFINITY))
      changes.push(`${path}: ${key} lowered to ${after}`);
  }
  return changes;
}

function objectChanges(published: JsonSchema, current: JsonSchema, path: string): string[] {
  const before = published.properties ?? {};
  const after = current.properties ?? {};
  const wasRequired = new Set(published.required ?? []);
  const isRequired = new Set(current.required ?? []);
  const changes: string[] = [];
  for (const name of wasRequired) {
    if (!(name in after)) changes.push(`${path}.${name}: required field removed or renamed`);
    else if (!isRequired.has(name)) changes.push(`${path}.${name}: no longer required`);
  }
  for (const name of isRequired) {
    if (!wasRequired.has(name)) changes.push(`${path}.${name}: newly required (events in the log lack it)`);
  }
  for (const [name, schema] of Object.entries(before)) {
    const next = after[name];
    if (next) changes.push(...findBreakingChanges(schema, next, `${path}.${name}`));
  }
  return changes;
}
