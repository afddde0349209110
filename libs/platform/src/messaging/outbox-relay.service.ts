import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ServiceConfig } from '@saga-shop/config';
import { OutboxRelay, type BrokerClient } from '@saga-shop/messaging';
import { DatabasePool } from '../database/database-pool.js';
import { BROKER_CLIENT, SERVICE_CONFIG } from '../tokens.js';

/** Runs the service's outbox relay for the life of the application. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly relay: OutboxRelay;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(BROKER_CLIENT) client: BrokerClient,
    pool: DatabasePool,
  ) {
    this.relay = new OutboxRelay({
      pool,
      connectProducer: () => client.producer(),
      serviceName: config.serviceName,
      relayBatchSize: config.outbox.relayBatchSize,
      relayBatchBytes: config.outbox.relayBatchBytes,
      idlePollMs: config.outbox.idlePollMs,
      logger: { log: (message) => this.logger.log(message), warn: (message) => this.logger.warn(message) },
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Runs before the pool closes: the batch in flight is sent and deleted, then the relay stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
