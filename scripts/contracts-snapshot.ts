// npm run contracts:snapshot: records the JSON Schema of every event version that has no
// snapshot yet (libs/contracts/published-schemas/). An existing snapshot is never rewritten: a
// published version changes only compatibly (published-schemas.spec.ts checks it in CI), and an
// incompatible change is a new version with a snapshot of its own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  eventJsonSchema,
  events,
  findBreakingChanges,
  publishedSchemaFile,
  type EventType,
} from '@saga-shop/contracts';

const libraryRoot = path.join(import.meta.dirname, '../libs/contracts');
let breaking = 0;
for (const type of Object.keys(events) as EventType[]) {
  const file = path.join(libraryRoot, publishedSchemaFile(type));
  const current = eventJsonSchema(type);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // As prettier writes it, so the format check passes on a fresh snapshot.
    writeFileSync(
      file,
      await format(JSON.stringify(current), { ...(await resolveConfig(file)), filepath: file }),
    );
    console.log(`${type}: snapshot recorded`);
    continue;
  }
  const changes = findBreakingChanges(JSON.parse(readFileSync(file, 'utf8')), current);
  breaking += changes.length;
  for (const change of changes) console.error(`${type}: breaking: ${change}`);
}
process.exit(breaking > 0 ? 1 : 0);
