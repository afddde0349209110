import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';

// kafkajs 2.2.4 re-arms a 1 ms timer for ever on every connection once a response arrived with
// nothing pending (tulios/kafkajs#1556, fix proposed in #1667, never released): an idle service
// spent about 30 ms of CPU a second on it. patches/kafkajs+2.2.4.patch, applied by patch-package at
// install, fixes it; this test fails on an unpatched install.
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (
  options: object,
) => { checkPendingRequests(): void; destroy(): void };

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('kafkajs request queue (patched)', () => {
  it('stops checking for pending requests once nothing is pending', async () => {
    const queue = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30_000,
      enforceRequestTimeout: false,
      clientId: 'idle-test',
      broker: '127.0.0.1:9092',
      logger,
    });
    let checks = 0;
    const check = queue.checkPendingRequests.bind(queue);
    queue.checkPendingRequests = () => {
      checks += 1;
      check();
    };
    try {
      // What the queue does after every response: check, then (unpatched) schedule the next check.
      queue.checkPendingRequests();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(checks).toBe(1);
    } finally {
      queue.destroy();
    }
  });
});
