import type { BrokerAdmin, BrokerClient } from './broker-client.js';

/**
 * One admin connection for a process's periodic questions (readiness probes, an operations page),
 * opened on first use and forgotten after a failure, so the next call reconnects instead of
 * failing forever on a connection the broker dropped.
 */
export class SharedAdmin {
  private admin: Promise<BrokerAdmin> | undefined;

  constructor(private readonly client: BrokerClient) {}

  async use<T>(ask: (admin: BrokerAdmin) => Promise<T>): Promise<T> {
    this.admin ??= this.client.admin();
    const current = this.admin;
    try {
      return await ask(await current);
    } catch (error) {
      if (this.admin === current) this.admin = undefined;
      await current.then((admin) => admin.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
