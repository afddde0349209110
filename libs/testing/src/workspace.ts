import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found from this file so tests work from any project's directory. */
export const workspaceRoot = findWorkspaceRoot(import.meta.dirname);

function findWorkspaceRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Where tests write logs of the processes they start (git-ignored). */
export const testLogDir = path.join(
  process.env['SAGA_DATA_DIR'] ?? path.join(workspaceRoot, '.data'),
  'test-logs',
);
