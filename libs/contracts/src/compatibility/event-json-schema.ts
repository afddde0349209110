import { z } from 'zod';
import { events, type EventType } from '../events/catalog.js';
import type { JsonSchema } from './breaking-changes.js';

/**
 * An event version's payload schema as JSON Schema: draft 2020-12 as its snapshot keeps it, or
 * draft-07, the draft every AsyncAPI 3.0 tool must read (docs/asyncapi.yaml).
 */
export function eventJsonSchema(
  type: EventType,
  target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12',
): JsonSchema {
  return z.toJSONSchema(events[type].schema, { target }) as JsonSchema;
}

/** Where a published version's snapshot lives, relative to libs/contracts. */
export const publishedSchemaFile = (type: EventType) => `published-schemas/${type}.json`;
