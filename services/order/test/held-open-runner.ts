import { statement, TransactionRunner, type SagaTransaction } from '@saga-shop/messaging';

const backendPid = statement('backend-pid', 'SELECT pg_backend_pid() AS pid');

/**
 * A real TransactionRunner whose next transaction does all its work, then stays open (its rows
 * written, locks held, nothing committed) until `commit()`: so a test can force a racing
 * transaction to run while this one is in flight, instead of hoping it does.
 */
export class HeldOpenRunner extends TransactionRunner {
  private opened!: (pid: number) => void;
  private release!: () => void;
  /** The backend of the open transaction, as pg_blocking_pids names it, once its work is done. */
  readonly pid = new Promise<number>((resolve) => (this.opened = resolve));
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  override run<T>(work: (tx: SagaTransaction) => Promise<T>): Promise<T> {
    return super.run(async (tx) => {
      const result = await work(tx);
      const [backend] = await tx.query<{ pid: number }>(backendPid);
      this.opened(backend?.pid ?? -1);
      await this.released;
      return result;
    });
  }

  /** Lets the transaction commit. */
  commit(): void {
    this.release();
  }
}
