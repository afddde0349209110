import type { BrokerClient } from './broker-client.js';
import type { BrokerClientKind, BrokerConnectionOptions } from './connection-options.js';
import { createKafkaJsBrokerClient } from './kafkajs-broker-client.js';
import { createPlatformaticBrokerClient } from './platformatic-broker-client.js';

/** The one place that picks an adapter of the broker port (KAFKA_CLIENT, kafkajs by default). */
export function createBrokerClient(options: BrokerConnectionOptions, kind: BrokerClientKind): BrokerClient {
  switch (kind) {
    case 'kafkajs':
      return createKafkaJsBrokerClient(options);
    case 'platformatic':
      return createPlatformaticBrokerClient(options);
    default:
      // Reached only from untyped callers: TypeScript sees every kind handled above.
      throw new Error(`unknown broker client "${String(kind)}" (expected kafkajs or platformatic)`);
  }
}
