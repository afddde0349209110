/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run delays the next, it does not
 * pile up), and lets `stop()` wait for the run in flight, so shutdown never cuts a transaction.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.work()
        .catch((error: Error) => this.onError(error))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
