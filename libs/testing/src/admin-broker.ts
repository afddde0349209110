/**
 * Broker connection options for tests and tools that act as the operator: they publish what no
 * service would (poison messages, forgeries), read every topic and administer topics. Plain
 * options for createKafkaJsBrokerClient (libs/messaging depends on this library, not the reverse).
 */
export function adminBrokerOptions(clientId: string) {
  return {
    brokers: [process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'],
    clientId,
    logLevel: 'nothing' as const,
  };
}
