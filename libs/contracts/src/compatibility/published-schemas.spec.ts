import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { events, type EventType } from '../events/catalog.js';
import { findBreakingChanges, type JsonSchema } from './breaking-changes.js';
import { eventJsonSchema, publishedSchemaFile } from './event-json-schema.js';

// CI's compatibility gate: every published event version has a committed snapshot of its JSON
// Schema, and today's schema may only change it compatibly. A breaking change is a new version
// (README "Evolving an event"); `npm run contracts:snapshot` records a new version's snapshot.
const libraryRoot = path.join(import.meta.dirname, '../..');
const snapshotOf = (type: EventType) =>
  JSON.parse(readFileSync(path.join(libraryRoot, publishedSchemaFile(type)), 'utf8')) as JsonSchema;

describe.each(Object.keys(events) as EventType[])('published %s', (type) => {
  it('has a snapshot, and today’s schema changes it only compatibly', () => {
    expect(findBreakingChanges(snapshotOf(type), eventJsonSchema(type))).toEqual([]);
  });

  it('accepts its own example, as the snapshot did', () => {
    expect(events[type].schema.safeParse(events[type].example).success).toBe(true);
  });
});
