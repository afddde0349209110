// Processes of the service-generator suite: commands run in the throw-away copy of the repository,
// and the service generated there, each in its own process group so nothing outlives the suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { testLogDir, waitFor, workspaceRoot } from '@saga-shop/testing';

/** Children (each its own process group) still running: killed in afterAll if a step timed out. */
export const running = new Set<ChildProcess>();

/** The toolchain node this suite runs on comes first, as scripts/lib/node-toolchain.sh puts it. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
    // No Nx daemon outliving the copy it serves, and Nx's plain output in the failure messages.
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    ...extra,
  };
  // The copy's own jest must not think it is one of this run's workers.
  delete env['JEST_WORKER_ID'];
  return env;
}

/** Runs a command in its own process group; resolves with its output, rejects with its tail. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; input?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // A child that exits without reading all of it fails on its own; EPIPE adds nothing.
    child.stdin.on('error', () => undefined).end(options.input ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) return resolve(output);
      const ending = timedOut ? `timed out after ${options.timeoutMs} ms` : `ended with ${code ?? signal}`;
      reject(new Error(`${command} ${args.join(' ')} ${ending}:\n${output.slice(-6_000)}`));
    });
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * The generated service, built in the copy, as a real process in its own process group
 * (ServiceProcess only starts this checkout's services). Its log outlives the copy.
 */
export class CopiedService {
  readonly baseUrl: string;
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    private readonly name: string,
    readonly port: number,
    /** Where the local issuer's keys are: this checkout's data directory. */
    private readonly dataDir: string,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.logFile = path.join(testLogDir, `${this.name}-${port}.log`);
  }

  async start(): Promise<void> {
    await mkdir(testLogDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['--import', '@saga-shop/telemetry/register', `services/${this.name}/dist/main.js`],
      {
        cwd: this.root,
        env: childEnv({
          SERVICE_NAME: this.name,
          PORT: String(this.port),
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          // The default key set lies beside libs/config in the checkout (.data/local/auth), which
          // the copy does not have: the local issuer's keys are this checkout's.
          AUTH_JWKS_URL: `file://${path.join(this.dataDir, 'auth/jwks.json')}`,
        }),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited; see ${this.logFile}`);
        const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: 60_000, what: `generated ${this.name} ready (log ${this.logFile})` },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await this.exited.finally(() => clearTimeout(timer));
    }
    this.child = undefined;
  }
}

/**
 * What git would check out (tracked and new files, nothing ignored), minus files deleted in the
 * working tree; node_modules as installed, whose workspace links are relative.
 */
export async function copyCheckout(copy: string): Promise<void> {
  await mkdir(copy, { mode: 0o700 });
  const listed = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: workspaceRoot,
    timeoutMs: 30_000,
  });
  const files = listed.split('\0').filter((file) => file && existsSync(path.join(workspaceRoot, file)));
  await run('xargs', ['-0', 'cp', '--parents', '-t', copy], {
    cwd: workspaceRoot,
    timeoutMs: 60_000,
    input: files.join('\0'),
  });
  await run('cp', ['-a', 'node_modules', `${copy}/`], { cwd: workspaceRoot, timeoutMs: 120_000 });
}
