import { describe, expect, it } from '@jest/globals';
import type { BrokerAdmin, BrokerClient } from './broker-client.js';
import { SharedAdmin } from './shared-admin.js';

/** A client whose admins answer describeCluster with their number, or fail while `down`. */
function fakeClient() {
  const state = { opened: 0, disconnected: 0, down: false };
  const client = {
    admin: async () => {
      const number = ++state.opened;
      return {
        describeCluster: async () => {
          if (state.down) throw new Error('broker gone');
          return { brokers: number };
        },
        disconnect: async () => void (state.disconnected += 1),
      } as unknown as BrokerAdmin;
    },
  } as unknown as BrokerClient;
  return { client, state };
}

describe('SharedAdmin', () => {
  it('keeps one connection while it works, and reconnects after a failure', async () => {
    const { client, state } = fakeClient();
    const admin = new SharedAdmin(client);
    const ask = () => admin.use((connected) => connected.describeCluster() as Promise<unknown>);
    expect(await ask()).toEqual({ brokers: 1 });
    expect(await ask()).toEqual({ brokers: 1 });
    state.down = true;
    await expect(ask()).rejects.toThrow('broker gone');
    expect(state.disconnected).toBe(1);
    state.down = false;
    expect(await ask()).toEqual({ brokers: 2 });
    await admin.close();
    expect(state).toMatchObject({ opened: 2, disconnected: 2 });
  });
});
