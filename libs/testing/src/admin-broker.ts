/**
 * Broker connection options for tests and tools that act as the operator: they publish what no
 * service would (poison messages, forgeries), read every topic and administer topics. As the
 * local admin principal `saga-admin` (a super user; SASL/PLAIN, infra/local/lib/kafka.sh). Plain
 * options for createBrokerClient (either adapter): libs/messaging depends on this library, not the
 * reverse (operatorConnection there is the same for the tools).
 */
export interface TestBrokerOptions {
  brokers: string[];
  clientId: string;
  logLevel: 'nothing';
  sasl: { mechanism: 'plain' | 'scram-sha-512'; username: string; password: string };
}

export function adminBrokerOptions(clientId: string): TestBrokerOptions {
  return {
    brokers: [process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'],
    clientId,
    logLevel: 'nothing',
    sasl: { mechanism: 'plain', username: 'saga-admin', password: 'saga-admin' },
  };
}

/** Options to connect as one service's own SCRAM principal (what its ACLs allow, nothing more). */
export function serviceBrokerOptions(service: string, clientId: string): TestBrokerOptions {
  const principal = `saga-${service}`;
  return {
    ...adminBrokerOptions(clientId),
    sasl: { mechanism: 'scram-sha-512', username: principal, password: principal },
  };
}
