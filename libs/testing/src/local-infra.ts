import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { workspaceRoot } from './workspace.js';

export type InfraComponent = 'postgres' | 'kafka' | 'jaeger';

/**
 * Drives infra/local/infra.sh, the same script `npm start` and CI use, so tests exercise the real
 * start/stop paths (a broker restart in a test is a real stop and start of the Kafka process).
 */
export const localInfra = {
  up: (...components: InfraComponent[]) => runInfra('up', components),
  down: (...components: InfraComponent[]) => runInfra('down', components),
  status: () => runInfra('status', []),
};

function runInfra(command: string, components: InfraComponent[]): string {
  const script = path.join(workspaceRoot, 'infra/local/infra.sh');
  return execFileSync('bash', [script, command, ...components], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
}
