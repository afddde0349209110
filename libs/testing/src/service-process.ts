import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './wait-for.js';
import { testLogDir, workspaceRoot } from './workspace.js';

import type { DeployableName, ServiceName } from '@saga-shop/config';

// The service names are libs/config's catalog; re-exported here for the harness's users.
export type { ServiceName };

/** What runs as a process: the four saga services, and the console that watches them. */
export type ProcessName = DeployableName;

export interface ServiceProcessOptions {
  name: ProcessName;
  port: number;
  /** Added to this process's environment, unless `exactEnv` says it is the whole environment. */
  env?: Record<string, string>;
  /**
   * Give the service `env` and nothing else but PATH and HOME, as a container gets only what its
   * deployment sets (e.g. docker-compose.yml); by default it inherits process.env and runs on
   * `port` at 127.0.0.1. `env` must then carry PORT itself.
   */
  exactEnv?: boolean;
  /** Extra flags for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}

/**
 * One built service running as a real Node process in its own process group, as in production.
 * Tests stop every process they start: `stop()` sends SIGTERM to the group, then SIGKILL if needed.
 */
export class ServiceProcess {
  readonly baseUrl: string;
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;

  constructor(readonly options: ServiceProcessOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.logFile = path.join(testLogDir, `${options.name}-${options.port}.log`);
  }

  async start(readyTimeoutMs = 30_000): Promise<void> {
    const entry = path.join(workspaceRoot, 'services', this.options.name, 'dist/main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npx nx run-many -t build)`);
    mkdirSync(testLogDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    // As in production: tracing is loaded before the service (see libs/telemetry/src/register.ts).
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), '--import', '@saga-shop/telemetry/register', entry],
      {
        cwd: workspaceRoot,
        env: this.environment(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        log.end();
        resolve(code);
      }),
    );
    await waitFor(() => this.isReady(), { timeoutMs: readyTimeoutMs, what: `${this.options.name} ready` });
  }

  /** The service's process id (also its process group), for resource sampling; undefined when stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private environment(): NodeJS.ProcessEnv {
    const { name, port, env = {}, exactEnv = false } = this.options;
    if (!exactEnv)
      return { ...process.env, SERVICE_NAME: name, ...env, PORT: String(port), HTTP_HOST: '127.0.0.1' };
    if (env['PORT'] !== String(port))
      throw new Error(`${name}: exactEnv sets PORT=${env['PORT']}, not ${port}`);
    // PATH and HOME only: what any process needs, and what a container image provides itself.
    const { PATH, HOME } = process.env;
    return { ...(PATH === undefined ? {} : { PATH }), ...(HOME === undefined ? {} : { HOME }), ...env };
  }

  async isReady(): Promise<boolean> {
    if (this.child?.exitCode !== null) throw new Error(`${this.options.name} exited; see ${this.logFile}`);
    const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
    return response?.status === 200;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with the exit code (null when killed). */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (!this.child || !this.exited) return null;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.signalGroup('SIGTERM');
      const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
      await this.exited.finally(() => clearTimeout(timer));
    }
    const code = await this.exited;
    this.child = undefined;
    return code;
  }

  /** Simulates a crash: no shutdown hooks run. */
  kill(): Promise<number | null> {
    this.signalGroup('SIGKILL');
    return this.exited ?? Promise.resolve(null);
  }

  /** Sends `signal` to the service's process group (e.g. SIGSTOP / SIGCONT to freeze it). */
  signal(signal: NodeJS.Signals): void {
    this.signalGroup(signal);
  }

  private signalGroup(signal: NodeJS.Signals) {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}
