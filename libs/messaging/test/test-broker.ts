import { adminBrokerOptions } from '@saga-shop/testing';
import type { BrokerClient } from '../src/broker/broker-client.js';
import { brokerClientKindFrom } from '../src/broker/connection-options.js';
import { createBrokerClient } from '../src/broker/create-broker-client.js';

/** The adapter the integration suites run against: KAFKA_CLIENT, as for a service (kafkajs by default). */
export const testClientKind = brokerClientKindFrom(process.env['KAFKA_CLIENT']);

/** A broker client as the local admin principal, through that adapter. */
export function adminBrokerClient(clientId: string): BrokerClient {
  return createBrokerClient(adminBrokerOptions(clientId), testClientKind);
}
