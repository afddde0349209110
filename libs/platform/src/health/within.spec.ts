import { describe, expect, it } from '@jest/globals';
import { within } from './within.js';

describe('within', () => {
  it('passes a prompt answer through', async () => {
    await expect(within(1_000, Promise.resolve('up'))).resolves.toBe('up');
  });

  it('fails a probe whose dependency hangs, instead of hanging the probe', async () => {
    const hung = new Promise<never>(() => undefined);
    await expect(within(20, hung)).rejects.toThrow('no answer within 20 ms');
  });
});
