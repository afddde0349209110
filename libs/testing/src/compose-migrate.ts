import { spawn } from 'node:child_process';
import { composeEnvironmentOnThisHost, loadComposeFile } from './compose-file.js';

/**
 * Runs what compose's `<name>-migrate` one-shot runs (`node dist/main.js migrate`, as the owner)
 * with exactly its environment, natively, from `serviceDir` (a built service folder or an image
 * tree). Resolves with the exit code; the services themselves start with MIGRATE_ON_START=false.
 */
export function runComposeMigration(name: string, serviceDir: string): Promise<number | null> {
  const job = loadComposeFile().services[`${name}-migrate`];
  if (!job) throw new Error(`docker-compose.yml has no ${name}-migrate one-shot`);
  const command = (job.command ?? []) as string[];
  const [executable, ...args] = command;
  if (executable !== 'node') throw new Error(`${name}-migrate does not run node: ${command.join(' ')}`);
  const env = { PATH: process.env['PATH'] ?? '', ...composeEnvironmentOnThisHost(job) };
  const child = spawn(process.execPath, args, { cwd: serviceDir, env, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}
