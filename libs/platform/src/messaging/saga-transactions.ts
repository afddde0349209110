import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '@saga-shop/config';
import { DualWritePublisher, TransactionRunner, type BrokerClient } from '@saga-shop/messaging';
import { DatabasePool } from '../database/database-pool.js';
import { BROKER_CLIENT, SERVICE_CONFIG } from '../tokens.js';
import { OutboxRelayService } from './outbox-relay.service.js';

/**
 * The service's saga transactions (raw pg on the one pool): a state change and the events it
 * announces commit together, and the commit wakes this process's relay at once. With
 * EVENT_DELIVERY=dual-write, the benchmark's unsafe baseline, events are published right after
 * the commit instead and can be lost (see DualWritePublisher).
 */
@Injectable()
export class SagaTransactions extends TransactionRunner implements BeforeApplicationShutdown {
  private readonly dualWriter: DualWritePublisher | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(BROKER_CLIENT) client: BrokerClient,
    pool: DatabasePool,
    relay: OutboxRelayService,
  ) {
    const dualWrite =
      config.eventDelivery === 'dual-write' ? new DualWritePublisher(() => client.producer()) : undefined;
    super({ pool, onOutboxCommitted: () => relay.relay.wake(), dualWrite });
    this.dualWriter = dualWrite;
    if (dualWrite)
      new Logger('SagaTransactions').warn(
        'EVENT_DELIVERY=dual-write: events can be lost; benchmark use only',
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dualWriter?.close();
  }
}
