import fc from 'fast-check';
import {
  hostileValue,
  mutatedValue,
  validValue,
  type JsonSchema,
  type Overrides,
} from './generated-values.js';

// Requests generated from an operation of a service's own OpenAPI document: its parameters and
// body valid, broken field by field, or replaced by bytes, media types, paths and queries no
// client should send.

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded (or deliberately not). */
  target: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const oddMediaTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json; charset=',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/json;charset="UTF-8"',
  'garbage',
  ';;;',
];
const malformedJson = [
  '',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '0',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `{"pad":"${'x'.repeat(120 * 1024)}"}`,
];
const json = (contentType: string) => (value: unknown) => ({ contentType, body: JSON.stringify(value) });

/** A body for an operation: valid, broken field by field, oddly typed, malformed or not UTF-8. */
export function bodyFor(schema: JsonSchema | undefined, overrides: Overrides) {
  const valid = schema ? validValue(schema, overrides) : fc.constant({});
  const broken = schema ? mutatedValue(schema, overrides) : hostileValue;
  return fc.oneof(
    { weight: 4, arbitrary: valid.map(json('application/json')) },
    { weight: 12, arbitrary: broken.map(json('application/json')) },
    { weight: 2, arbitrary: hostileValue.map(json('application/json')) },
    { weight: 3, arbitrary: fc.tuple(valid, fc.constantFrom(...oddMediaTypes)).map(([v, t]) => json(t)(v)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...malformedJson).map((body) => ({ contentType: 'application/json', body })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes) => ({ contentType: 'application/json', body: Uint8Array.from([0x7b, 0xff, ...bytes]) })),
    },
    {
      weight: 1,
      arbitrary: valid.map((v) => ({ contentType: '', body: new TextEncoder().encode(JSON.stringify(v)) })),
    },
  );
}

const hostileSegments = [
  '',
  '%',
  '%zz',
  '%00',
  '%2F',
  '%C0%AF',
  '%ED%A0%80',
  '.',
  'x'.repeat(2_000),
  '%20',
  '*',
];

/** A path parameter: valid, or a segment the router and the validators must both survive. */
export const pathSegment = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: valid.map((value) => encodeURIComponent(String(value))) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileSegments) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map(encodeURIComponent) },
  );

/** A query for the declared parameters: each valid, odd, repeated or missing, plus stray ones. */
export function queryFor(parameters: Parameter[], valid: (parameter: Parameter) => fc.Arbitrary<unknown>) {
  const one = (parameter: Parameter) =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: valid(parameter).map((value) => [
          `${parameter.name}=${encodeURIComponent(String(value))}`,
        ]),
      },
      {
        weight: 2,
        arbitrary: fc
          .string({ unit: 'binary', maxLength: 60 })
          .map((text) => [`${parameter.name}=${encodeURIComponent(text)}`]),
      },
      { weight: 1, arbitrary: fc.constant([] as string[]) },
      { weight: 1, arbitrary: fc.constant([`${parameter.name}=a`, `${parameter.name}=b`]) },
      {
        weight: 1,
        arbitrary: fc.constantFrom([`${parameter.name}[]=x`], [parameter.name], [`${parameter.name}=%zz`]),
      },
    );
  return fc
    .tuple(
      fc.tuple(...parameters.map(one)),
      fc.option(fc.constantFrom('x=1', '=&&=', 'a[b][c]=d', '%00=%00')),
    )
    .map(([parts, stray]) => [...parts.flat(), ...(stray ? [stray] : [])].join('&'));
}

/** A header value fetch can send (visible ASCII and Latin-1, no DEL), empty, or long. */
export const headerValue = fc.oneof(
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
      .map((code) => String.fromCharCode(code)),
    maxLength: 80,
  }),
  fc.constantFrom('', 'x'.repeat(300)),
);

/**
 * Requests for one operation: each declared path, query and header parameter and the body
 * generated as above; `parameterValue` gives a parameter's valid values, `overrides` a body field's.
 */
export function requestsFor(
  path: string,
  method: string,
  operation: Operation,
  parameterValue: (parameter: Parameter) => fc.Arbitrary<unknown>,
  overrides: Overrides,
): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const inPath = parameters.filter((parameter) => parameter.in === 'path');
  const inQuery = parameters.filter((parameter) => parameter.in === 'query');
  const inHeader = parameters.filter((parameter) => parameter.in === 'header');
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  const body =
    operation.requestBody || method === 'post' ? bodyFor(schema, overrides) : fc.constant(undefined);
  return fc
    .record({
      segments: fc.tuple(...inPath.map((parameter) => pathSegment(parameterValue(parameter)))),
      query: queryFor(inQuery, parameterValue),
      headers: fc.tuple(...inHeader.map(() => fc.option(headerValue))),
      body: method === 'get' ? fc.constant(undefined) : fc.option(body, { freq: 8 }),
    })
    .map(({ segments, query, headers, body }) => {
      const target = inPath.reduce(
        (filled, parameter, index) => filled.replace(`{${parameter.name}}`, segments[index] ?? ''),
        path,
      );
      const named = inHeader.flatMap((parameter, index) => {
        const value = headers[index];
        return value === null || value === undefined ? [] : [[parameter.name, value] as const];
      });
      return {
        method: method.toUpperCase(),
        target: query ? `${target}?${query}` : target,
        headers: {
          ...Object.fromEntries(named),
          ...(body && body.contentType ? { 'content-type': body.contentType } : {}),
        },
        ...(body ? { body: body.body } : {}),
      };
    });
}
