import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '@saga-shop/config';
import { DualWritePublisher, type BrokerClient } from '@saga-shop/messaging';
import { BROKER_CLIENT, SERVICE_CONFIG } from '../tokens.js';

/**
 * How the events of a saga transaction leave the service. With EVENT_DELIVERY=outbox (the default)
 * the transaction writes outbox rows and the relay publishes them: `commit` just runs it. With
 * EVENT_DELIVERY=dual-write, the benchmark's unsafe baseline, events are published right after the
 * commit and can be lost (see DualWritePublisher).
 */
@Injectable()
export class EventDelivery implements BeforeApplicationShutdown {
  private readonly dualWrite: DualWritePublisher | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(BROKER_CLIENT) client: BrokerClient) {
    if (config.eventDelivery === 'dual-write') {
      new Logger('EventDelivery').warn('EVENT_DELIVERY=dual-write: events can be lost; benchmark use only');
      this.dualWrite = new DualWritePublisher(() => client.producer());
    }
  }

  commit<T>(transaction: () => Promise<T>): Promise<T> {
    return this.dualWrite ? this.dualWrite.commitThenPublish(transaction) : transaction();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dualWrite?.close();
  }
}

/**
 * Runs a saga transaction through the service's EventDelivery; a database built without one (in
 * integration tests) commits to the outbox, the default.
 */
export function commitThrough<T>(
  delivery: EventDelivery | undefined,
  transaction: () => Promise<T>,
): Promise<T> {
  return delivery ? delivery.commit(transaction) : transaction();
}
