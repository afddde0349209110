import type { LoadResult } from '../load-generator.js';
import type { OrderLoad } from '../system-under-test.js';
import type { FloorChild } from './floor-child.js';
import type { FromFloor } from './ipc-messages.js';

let requests = 0;

/**
 * The floor's counterpart of LoadGenerator: the same run() and close(), but the orders are placed
 * by the floor's order process itself (no HTTP), open loop at the rate asked, over Node IPC.
 */
export class FloorLoadGenerator implements OrderLoad {
  constructor(
    private readonly orderProcess: FloorChild,
    private readonly withKeys = true,
  ) {}

  run(ratePerSecond: number, durationMs: number, onTick?: (sent: number) => void): Promise<LoadResult> {
    const requestId = ++requests;
    const count = Math.round((ratePerSecond * durationMs) / 1_000);
    return new Promise((resolve, reject) => {
      let finished = false;
      const unsubscribe = this.orderProcess.onMessage((message: FromFloor) => {
        if (!('requestId' in message) || message.requestId !== requestId) return;
        if (message.type === 'progress') onTick?.(message.sent);
        else {
          finished = true;
          unsubscribe();
          onTick?.(message.accepted.length);
          resolve({
            accepted: message.accepted,
            errors: message.errors,
            // The floor has no admission control: nothing is ever refused.
            refused: { withRetryAfter: 0, withoutRetryAfter: 0 },
          });
        }
      });
      void this.orderProcess.whenExited().then((code) => {
        if (finished) return;
        unsubscribe();
        reject(new Error(`the floor's order process exited (${code}) while placing orders`));
      });
      this.orderProcess.send({ type: 'place', requestId, count, ratePerSecond, withKeys: this.withKeys });
    });
  }

  close(): void {
    // Nothing to release: the orders travel over the order process's own IPC channel.
  }
}
