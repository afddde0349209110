import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { BrokerAdmin, BrokerClient, ClusterInfo } from '@saga-shop/messaging';
import { BROKER_CLIENT } from '../tokens.js';

/** A lazily opened admin connection, used to tell whether the broker answers. */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  private admin: Promise<BrokerAdmin> | undefined;

  constructor(@Inject(BROKER_CLIENT) private readonly client: BrokerClient) {}

  async describeCluster(): Promise<ClusterInfo> {
    this.admin ??= this.client.admin();
    try {
      return await (await this.admin).describeCluster();
    } catch (error) {
      // Forget a broken connection so the next probe reconnects instead of failing forever.
      const broken = this.admin;
      this.admin = undefined;
      await broken.then((admin) => admin.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
