import { z } from 'zod';
import { localIssuer } from '@saga-shop/auth';
import type { ServiceDefaults } from './service-config.js';

/** The local issuer's public keys, written by `npm run infra -- up` into the git-ignored data dir. */
const localJwksUrl = new URL('../../../.data/local/auth/jwks.json', import.meta.url).href;

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The variables that decide who may talk to a service and as whom it talks to Kafka and its
 * database. The defaults are the local stack's (`npm start`): on, with development secrets.
 */
export function securityVariables(defaults: ServiceDefaults) {
  const database = defaults.database;
  return {
    // OAuth2 bearer tokens (JWT): the issuer, audience and key set every token must match.
    AUTH_ISSUER: z.string().min(1).default(localIssuer.issuer),
    AUTH_AUDIENCE: z.string().min(1).default(localIssuer.audience),
    AUTH_JWKS_URL: z.url({ protocol: /^(https?|file)$/ }).default(localJwksUrl),
    AUTH_ROLES_CLAIM: z.string().min(1).default(localIssuer.rolesClaim),
    AUTH_STAFF_ROLE: z.string().min(1).default(localIssuer.staffRole),
    // SASL/SCRAM principal of this service; Kafka's ACLs let it write only its own event types.
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'none']).default('scram-sha-512'),
    KAFKA_SASL_USERNAME: z.string().min(1).default(`saga-${defaults.name}`),
    KAFKA_SASL_PASSWORD: z.string().min(1).default(`saga-${defaults.name}`),
    KAFKA_TLS: flag.default(false),
    // PEM bundle that signs the brokers' certificates (Strimzi's cluster CA); system CAs otherwise.
    KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
    // The owner role that runs migrations; DATABASE_URL is the runtime role, DML only.
    DATABASE_MIGRATION_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default(`postgresql://${database}:${database}@127.0.0.1:5432/${database}`),
    // Compose and Kubernetes migrate in a one-shot job instead, so the service never holds the owner.
    MIGRATE_ON_START: flag.default(true),
  };
}

type SecurityEnv = z.infer<z.ZodObject<ReturnType<typeof securityVariables>>>;

export function securityConfig(env: SecurityEnv) {
  return {
    auth: {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      jwksUrl: env.AUTH_JWKS_URL,
      rolesClaim: env.AUTH_ROLES_CLAIM,
      staffRole: env.AUTH_STAFF_ROLE,
    },
    kafkaSecurity: {
      sasl:
        env.KAFKA_SASL_MECHANISM === 'none'
          ? undefined
          : {
              mechanism: env.KAFKA_SASL_MECHANISM,
              username: env.KAFKA_SASL_USERNAME,
              password: env.KAFKA_SASL_PASSWORD,
            },
      tls: env.KAFKA_TLS ? { caFile: env.KAFKA_TLS_CA_FILE } : undefined,
    },
    migrations: { url: env.DATABASE_MIGRATION_URL, onStart: env.MIGRATE_ON_START },
  };
}
