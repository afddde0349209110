import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { testLogDir, workspaceRoot } from '@saga-shop/testing';
import type { FloorService } from './floor-runtime.js';
import type { FromFloor, ToFloor } from './ipc-messages.js';

/**
 * One floor process seen from the bench: run from source (tsx), in its own process group, with an
 * IPC channel for `ready` and the order commands, its output in .data/test-logs/floor-<name>.log.
 * `stop()` sends SIGTERM to the group (the process drains and exits 0), SIGKILL after the grace.
 */
export class FloorChild {
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private stopping = false;
  /** Exited without being asked to (e.g. 3: services joined its consumer group). */
  exitedOnItsOwn = false;

  constructor(
    readonly service: FloorService,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: string[] = [],
  ) {
    this.logFile = path.join(testLogDir, `floor-${service}.log`);
  }

  /** Resolves once the process consumes alone in its group and its relay runs. */
  async start(readyTimeoutMs: number): Promise<void> {
    mkdirSync(testLogDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const entry = path.join(import.meta.dirname, `${this.service}-process.ts`);
    const child = spawn(
      process.execPath,
      [...this.nodeArgs, '--conditions=saga-shop-source', '--import', 'tsx', entry],
      {
        cwd: workspaceRoot,
        env: { ...process.env, ...this.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        this.exitedOnItsOwn = !this.stopping;
        log.end();
        resolve(code);
      }),
    );
    this.exited = exited;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`floor ${this.service} not ready in time`)),
        readyTimeoutMs,
      );
      const unsubscribe = this.onMessage((message) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
      void exited.then((code) => fail(new Error(`floor ${this.service} exited (${code})`)));
      function fail(error: Error) {
        clearTimeout(timer);
        unsubscribe();
        reject(error);
      }
    }).catch((error: Error) => {
      throw new Error(`${error.message}; see ${path.relative(workspaceRoot, this.logFile)}`);
    });
  }

  /** The process id, which is also its process group (for CPU sampling); undefined when stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves with the exit code once the process ended (null when killed). */
  whenExited(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  send(command: ToFloor): void {
    if (!this.child?.connected) throw new Error(`floor ${this.service} is not running`);
    this.child.send(command);
  }

  onMessage(listener: (message: FromFloor) => void): () => void {
    const child = this.child;
    child?.on('message', listener);
    return () => child?.off('message', listener);
  }

  async stop(graceMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.exited) return null;
    this.stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      this.signalGroup('SIGTERM');
      const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
      await this.exited.finally(() => clearTimeout(timer));
    }
    this.child = undefined;
    return this.exited;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}
