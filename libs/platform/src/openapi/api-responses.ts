import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { problemSchemaName } from './problem-schema.js';

/** A zod schema as the OpenAPI 3.0 dialect of JSON Schema. */
export function openApiSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output' = 'output',
): Record<string, unknown> {
  return withNullInNullableEnums(z.toJSONSchema(schema, { target: 'openapi-3.0', io }));
}

/**
 * OpenAPI 3.0.3 says `nullable: true` does not widen an `enum`: null must be listed too, or a
 * validator refuses it. zod leaves it out, so a nullable enum is completed here.
 */
function withNullInNullableEnums<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withNullInNullableEnums) as T;
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, withNullInNullableEnums(value)]),
  ) as Record<string, unknown>;
  if (copy['nullable'] === true && Array.isArray(copy['enum']) && !copy['enum'].includes(null))
    copy['enum'] = [...copy['enum'], null];
  return copy as T;
}

/** A JSON success response whose body is `schema` (with its `.meta({ example })`, if any). */
export function ApiJsonResponse(status: number, schema: z.ZodType, description: string) {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: openApiSchemaOf(schema) } },
  });
}

/** A JSON request body validated by `schema`. */
export function ApiJsonBody(schema: z.ZodType) {
  return ApiBody({ schema: openApiSchemaOf(schema, 'input') });
}

/** Error responses, each an `application/problem+json` body of the shared Problem component. */
export function ApiProblems(descriptions: Record<number, string>) {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        content: {
          'application/problem+json': { schema: { $ref: `#/components/schemas/${problemSchemaName}` } },
        },
      }),
    ),
  );
}
