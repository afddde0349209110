import { kafkaAdminPrincipal } from '@saga-shop/contracts';
import type { BrokerConnectionOptions } from './connection-options.js';

/**
 * How the operator's tools (create-topics, dlq, outbox, chaos) reach Kafka: the admin principal,
 * a super user defined in the broker's own configuration (infra/local/lib/kafka.sh,
 * docker-compose.yml; a Strimzi KafkaUser in Kubernetes). The same variables as a service's,
 * with the admin's local defaults: SASL/PLAIN, password = name. The tools pick the adapter as the
 * services do: brokerClientKindFrom(KAFKA_CLIENT).
 */
export function operatorConnection(
  clientId: string,
  env: NodeJS.ProcessEnv = process.env,
): BrokerConnectionOptions {
  const mechanism = env['KAFKA_SASL_MECHANISM'] ?? 'plain';
  return {
    brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((broker) => broker.trim()),
    clientId,
    ...(mechanism === 'none'
      ? {}
      : {
          sasl: {
            mechanism: mechanism as 'plain',
            username: env['KAFKA_SASL_USERNAME'] ?? kafkaAdminPrincipal,
            password: env['KAFKA_SASL_PASSWORD'] ?? kafkaAdminPrincipal,
          },
        }),
    ...(env['KAFKA_TLS'] === 'true' ? { tls: { caFile: env['KAFKA_TLS_CA_FILE'] } } : {}),
  };
}
