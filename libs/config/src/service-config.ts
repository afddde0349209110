import { z } from 'zod';
import { securityConfig, securityVariables } from './security-variables.js';

/** What distinguishes one service's defaults from another's, so `npm start` needs no .env file. */
export interface ServiceDefaults {
  /** Service name as it appears in logs, traces and metrics, e.g. `order`. */
  name: string;
  /** HTTP port from ../shared/DESIGN.md: order 3001, inventory 3002, payment 3003, fulfilment 3004. */
  port: number;
  /** The service's own database; its owner role has the same name, its runtime role `<name>_app`. */
  database: string;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable a service reads. Compose files and Kubernetes manifests are checked against it. */
export function serviceConfigSchema(defaults: ServiceDefaults) {
  const runtimeRole = `${defaults.database}_app`;
  const localDatabaseUrl = `postgresql://${runtimeRole}:${runtimeRole}@127.0.0.1:5432/${defaults.database}`;
  return z
    .object({
      SERVICE_NAME: z.string().min(1).default(defaults.name),
      // Loopback unless told otherwise: a native service is not reachable from the network by
      // accident. Containers set 0.0.0.0 (docker-compose.yml, infra/k8s).
      HTTP_HOST: z.string().min(1).default('127.0.0.1'),
      PORT: z.coerce.number().int().min(1).max(65535).default(defaults.port),
      DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default(localDatabaseUrl),
      DATABASE_SCHEMA: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
        .default('public'),
      DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
      KAFKA_BROKERS: z
        .string()
        .min(1)
        .default('127.0.0.1:9092')
        .transform((list) => list.split(',').map((broker) => broker.trim()))
        .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port[,host:port...]')).min(1)),
      KAFKA_CLIENT_ID: z.string().min(1).default(`saga-shop-${defaults.name}`),
      // Which adapter of the broker port talks to Kafka (libs/messaging/src/broker): the same
      // semantics either way, switchable replica by replica (both join one consumer group).
      KAFKA_CLIENT: z.enum(['kafkajs', 'platformatic']).default('kafkajs'),
      LOG_LEVEL: z.enum(logLevels).default('info'),
      SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      // `dual-write` publishes right after commit with no outbox: unsafe (a crash between commit and
      // publish loses the event), kept only as the benchmark's baseline. Never the default.
      EVENT_DELIVERY: z.enum(['outbox', 'dual-write']).default('outbox'),
      // Rows and bytes per relay batch (a single larger row is still sent, alone).
      OUTBOX_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
      OUTBOX_RELAY_BATCH_BYTES: z.coerce.number().int().min(1_024).max(16_777_216).default(524_288),
      // Longest wait between relay polls when idle: a commit in this process wakes the relay at
      // once, so the poll only finds rows written by other replicas (and shortens while it does).
      OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(5).default(250),
      // Attempts for a business-level transient error; outages are retried for as long as they last.
      CONSUMER_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
      // A fetch is answered once this much is ready or after the wait: bigger batches and fewer
      // fetch requests for at most 20 ms per hop. Against 1 byte / 100 ms (answered at once), 3
      // interleaved bench rounds measured 27.9 vs 34.2 ms of CPU per order at 50/s (all CPU,
      // nothing subtracted), p50 within the spread; idle services fetch more often
      // (docs/performance.md, tuning log).
      CONSUMER_FETCH_MIN_BYTES: z.coerce.number().int().min(1).default(16_384),
      CONSUMER_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(10_000).default(20),
      CONSUMER_COMMIT_INTERVAL_MS: z.coerce.number().int().min(1).max(3_600_000).default(200),
      CONSUMER_MAX_BATCH_EVENTS: z.coerce.number().int().min(1).max(10_000).default(500),
      ...securityVariables(defaults),
    })
    .transform((env) => ({
      ...securityConfig(env),
      serviceName: env.SERVICE_NAME,
      http: { host: env.HTTP_HOST, port: env.PORT },
      database: { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: env.DATABASE_POOL_SIZE },
      kafka: { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID, client: env.KAFKA_CLIENT },
      logLevel: env.LOG_LEVEL,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      eventDelivery: env.EVENT_DELIVERY,
      outbox: {
        relayBatchSize: env.OUTBOX_RELAY_BATCH_SIZE,
        relayBatchBytes: env.OUTBOX_RELAY_BATCH_BYTES,
        idlePollMs: env.OUTBOX_POLL_INTERVAL_MS,
      },
      consumer: {
        groupId: `saga-shop-${env.SERVICE_NAME}`,
        retryAttempts: env.CONSUMER_RETRY_ATTEMPTS,
        fetch: { minBytes: env.CONSUMER_FETCH_MIN_BYTES, maxWaitMs: env.CONSUMER_FETCH_MAX_WAIT_MS },
        commitIntervalMs: env.CONSUMER_COMMIT_INTERVAL_MS,
        maxEventsPerTransaction: env.CONSUMER_MAX_BATCH_EVENTS,
      },
    }));
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/** Names of the environment variables the service schema understands (for compose/k8s checks). */
export function serviceConfigVariables(defaults: ServiceDefaults): string[] {
  const schema = serviceConfigSchema(defaults);
  const objectSchema = schema.in as z.ZodObject;
  return Object.keys(objectSchema.shape);
}
