import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from './periodic-task.js';

/**
 * A service's background job (a watchdog, a reconciler, a dispatcher): a PeriodicTask that starts
 * with the application and whose run in flight the shutdown waits for. A subclass says what one
 * run does, and may keep itself off (`enabled`) or run once before the first interval.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private readonly task: PeriodicTask;

  /** `what` names a run in the warning a failed one logs ("sweep failed: ..."). */
  protected constructor(name: string, intervalMs: number, what: string) {
    this.logger = new Logger(name);
    this.task = new PeriodicTask(
      intervalMs,
      () => this.runOnce(),
      (error) => this.logger.warn(`${what} failed: ${error.message}`),
    );
  }

  /** One run; a failure is logged and the next interval tries again. */
  protected abstract runOnce(): Promise<unknown>;

  /** Whether the job runs at all in this configuration. */
  protected get enabled(): boolean {
    return true;
  }

  /** Whether the first run comes at start-up rather than after the first interval. */
  protected get runsAtStart(): boolean {
    return false;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    if (this.runsAtStart) await this.runOnce().catch(() => undefined);
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
