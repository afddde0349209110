/** Exponential backoff with full jitter, so replicas that failed together do not retry together. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 5_000,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/**
 * A sleep that `wake()` ends early. A wake that arrives while nobody sleeps is remembered, so a
 * commit notified during a publish is not lost until the next poll.
 */
export class WakeableSleep {
  private pendingWake = false;
  private resolveCurrent: (() => void) | undefined;

  for(ms: number): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.resolveCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolveCurrent = done;
    });
  }

  wake(): void {
    if (this.resolveCurrent) this.resolveCurrent();
    else this.pendingWake = true;
  }
}
