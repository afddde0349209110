import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SharedAdmin, type BrokerClient, type ClusterInfo } from '@saga-shop/messaging';
import { BROKER_CLIENT } from '../tokens.js';

/** A lazily opened admin connection, used to tell whether the broker answers. */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  private readonly admin: SharedAdmin;

  constructor(@Inject(BROKER_CLIENT) client: BrokerClient) {
    this.admin = new SharedAdmin(client);
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.admin.use((admin) => admin.describeCluster());
  }

  onApplicationShutdown(): Promise<void> {
    return this.admin.close();
  }
}
