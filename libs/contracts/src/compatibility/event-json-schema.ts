import { z } from 'zod';
import { events, type EventType } from '../events/catalog.js';
import type { JsonSchema } from './breaking-changes.js';

/** An event version's payload schema as JSON Schema (draft 2020-12), as its snapshot keeps it. */
export function eventJsonSchema(type: EventType): JsonSchema {
  return z.toJSONSchema(events[type].schema) as JsonSchema;
}

/** Where a published version's snapshot lives, relative to libs/contracts. */
export const publishedSchemaFile = (type: EventType) => `published-schemas/${type}.json`;
