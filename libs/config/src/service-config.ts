import { z } from 'zod';

/** What distinguishes one service's defaults from another's, so `npm start` needs no .env file. */
export interface ServiceDefaults {
  /** Service name as it appears in logs, traces and metrics, e.g. `order`. */
  name: string;
  /** HTTP port from ../shared/DESIGN.md: order 3001, inventory 3002, payment 3003, fulfilment 3004. */
  port: number;
  /** The service's own database; its login role has the same name (see infra/local). */
  database: string;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable a service reads. Compose files and Kubernetes manifests are checked against it. */
export function serviceConfigSchema(defaults: ServiceDefaults) {
  const localDatabaseUrl = `postgresql://${defaults.database}:${defaults.database}@127.0.0.1:5432/${defaults.database}`;
  return z
    .object({
      SERVICE_NAME: z.string().min(1).default(defaults.name),
      HTTP_HOST: z.string().min(1).default('0.0.0.0'),
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
      LOG_LEVEL: z.enum(logLevels).default('info'),
      SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      // `dual-write` publishes right after commit with no outbox: unsafe (a crash between commit and
      // publish loses the event), kept only as the benchmark's baseline. Never the default.
      EVENT_DELIVERY: z.enum(['outbox', 'dual-write']).default('outbox'),
      OUTBOX_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
      OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
      OUTBOX_RETENTION_MS: z.coerce.number().int().min(0).default(3_600_000),
      CONSUMER_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    })
    .transform((env) => ({
      serviceName: env.SERVICE_NAME,
      http: { host: env.HTTP_HOST, port: env.PORT },
      database: { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: env.DATABASE_POOL_SIZE },
      kafka: { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID },
      logLevel: env.LOG_LEVEL,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      eventDelivery: env.EVENT_DELIVERY,
      outbox: {
        relayBatchSize: env.OUTBOX_RELAY_BATCH_SIZE,
        pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
        retentionMs: env.OUTBOX_RETENTION_MS,
      },
      consumer: { groupId: `saga-shop-${env.SERVICE_NAME}`, retryAttempts: env.CONSUMER_RETRY_ATTEMPTS },
    }));
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/** Names of the environment variables the service schema understands (for compose/k8s checks). */
export function serviceConfigVariables(defaults: ServiceDefaults): string[] {
  const schema = serviceConfigSchema(defaults);
  const objectSchema = schema.in as z.ZodObject;
  return Object.keys(objectSchema.shape);
}
