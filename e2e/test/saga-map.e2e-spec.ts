import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { events, sagaServices, type EventType } from '@saga-shop/contracts';
import { workspaceRoot } from '@saga-shop/testing';

// The README's saga map is written by `npm run saga-map` from libs/contracts, where each event's
// producer and reactions are declared once (the topology ACLs and consumers are derived from):
// the map must be what the script writes, and name the same producer and, clause by clause, the
// same consumers.
const readme = readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8');
const section = /\n## The saga map\n[\s\S]*?(?=\n### )/.exec(readme)?.[0] ?? '';
const rows = [...section.matchAll(/^\| `([a-z.0-9]+)`\s*\| (\w+)\s*\| ([^|]+)\|/gm)].map(
  ([, type, producer, reactions]) => ({
    type: type ?? '',
    producer,
    // Each clause starts with the service that reacts: "inventory releases; order → CANCELLED".
    // A row starting with "—" has none yet (a new version, dual-published while consumers move).
    consumers: (reactions ?? '').trim().startsWith('—')
      ? []
      : (reactions ?? '')
          .split(';')
          .map((clause) => clause.trim().split(/\s/)[0] ?? '')
          .sort(),
  }),
);

describe('the README saga map', () => {
  it('is what npm run saga-map writes (CI fails on a stale map)', async () => {
    const script = path.join(workspaceRoot, 'scripts/saga-map.ts');
    const args = ['--conditions=saga-shop-source', '--import', 'tsx', script, '--check'];
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, args, { cwd: workspaceRoot }, (error, stdout, stderr) =>
        error ? reject(new Error(stdout + stderr)) : resolve(stdout),
      ),
    );
    expect(output).toContain('up to date');
  }, 60_000);

  it('lists exactly the events of the catalog', () => {
    expect(rows.map((row) => row.type).sort()).toEqual(Object.keys(events).sort());
  });

  it.each(Object.keys(events) as EventType[])('names the producer and the consumers of %s', (type) => {
    const row = rows.find((candidate) => candidate.type === type);
    expect(row).toEqual({
      type,
      producer: events[type].producer,
      consumers: [...events[type].consumers].sort(),
    });
    for (const consumer of row?.consumers ?? []) expect(sagaServices).toContain(consumer);
  });
});
