/** How to reach and log in to the brokers: the same for every adapter of the broker port. */
export interface BrokerConnectionOptions {
  brokers: string[];
  clientId: string;
  /** The client library's own chatter (kafkajs only); errors only by default, the service logs what matters. */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  connectionTimeoutMs?: number;
  /** Where the adapter reports a consumer or producer problem it handles itself (e.g. commit failures). */
  onWarning?: (message: string) => void;
  /** The principal to log in as; none for an unauthenticated listener. */
  sasl?: KafkaSasl | undefined;
  /** TLS to the brokers, trusting `caFile` (PEM) or the system's CAs. */
  tls?: { caFile?: string | undefined } | undefined;
}

export interface KafkaSasl {
  /** Services use SCRAM; `plain` is the local admin's (a user in the broker's own configuration). */
  mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  username: string;
  password: string;
}

/** The client libraries the broker port has an adapter for (KAFKA_CLIENT). */
export const brokerClientKinds = ['kafkajs', 'platformatic'] as const;
export type BrokerClientKind = (typeof brokerClientKinds)[number];

/** KAFKA_CLIENT as a kind: kafkajs when unset, a start-up error naming the choices when unknown. */
export function brokerClientKindFrom(value: string | undefined): BrokerClientKind {
  if (value === undefined || value === '') return 'kafkajs';
  if ((brokerClientKinds as readonly string[]).includes(value)) return value as BrokerClientKind;
  throw new Error(`KAFKA_CLIENT must be one of ${brokerClientKinds.join(', ')}; got "${value}"`);
}
