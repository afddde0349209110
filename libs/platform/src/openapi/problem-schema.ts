import { z } from 'zod';

/**
 * The RFC 9457 body every error of every service is answered with (ProblemDetailsFilter): one
 * shared component of each service's OpenAPI document, `#/components/schemas/Problem`.
 */
export const problemBody = z
  .object({
    type: z.literal('about:blank'),
    status: z.int().min(400).max(599),
    title: z.string().min(1),
    detail: z.string().optional(),
    instance: z.string().describe('The request path and query'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Each invalid field of the request, by JSON path (e.g. items.0.quantity)'),
  })
  .meta({
    example: {
      type: 'about:blank',
      status: 400,
      title: 'Bad Request',
      detail: 'The order is invalid.',
      instance: '/orders',
      errors: [{ field: 'items.0.quantity', message: 'Too small: expected number to be >=1' }],
    },
  });

export const problemSchemaName = 'Problem';
