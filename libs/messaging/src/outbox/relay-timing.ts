/**
 * Exponential backoff with equal jitter (a wait between half and all of the ceiling), so replicas
 * that failed together do not retry together.
 */
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

  /** Resolves true when a wake ended the sleep, false when the time ran out. */
  for(ms: number): Promise<boolean> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const end = (woken: boolean) => {
        clearTimeout(timer);
        this.resolveCurrent = undefined;
        resolve(woken);
      };
      const timer = setTimeout(() => end(false), ms);
      this.resolveCurrent = () => end(true);
    });
  }

  wake(): void {
    if (this.resolveCurrent) this.resolveCurrent();
    else this.pendingWake = true;
  }
}

/**
 * The relay's poll: short while polls keep finding rows nobody woke it for (other replicas are
 * writing), doubling to `idleMs` otherwise, so an idle service, or one whose own commits wake its
 * relay, costs a few queries a second.
 */
export class AdaptivePoll {
  private currentMs: number;

  constructor(
    private readonly busyMs: number,
    private readonly idleMs: number,
  ) {
    this.currentMs = busyMs;
  }

  next(foundUnannouncedRows: boolean): number {
    this.currentMs = foundUnannouncedRows ? this.busyMs : Math.min(this.idleMs, this.currentMs * 2);
    return this.currentMs;
  }
}
