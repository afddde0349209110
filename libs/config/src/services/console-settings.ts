import { z } from 'zod';
import { deployables } from './deployables.js';

const url = z.url({ protocol: /^https?$/ });

type SagaServiceName = {
  [Name in keyof typeof deployables]: (typeof deployables)[Name]['kind'] extends 'saga-service'
    ? Name
    : never;
}[keyof typeof deployables];

/** Where each saga service answers: `<NAME>_URL`, by default its manifest's port on this host. */
const sagaServices = Object.values(deployables).filter((manifest) => manifest.kind === 'saga-service');
/** The console's variable for where a saga service answers: ORDER_URL for order. */
export const serviceUrlVariable = (name: string) => `${name.toUpperCase()}_URL`;
const serviceUrls = Object.fromEntries(
  sagaServices.map((manifest) => [
    serviceUrlVariable(manifest.name),
    url.default(`http://127.0.0.1:${manifest.port}`),
  ]),
) as Record<string, z.ZodDefault<typeof url>>;

/**
 * The console's settings beyond the platform's: where the services it shows live (ORDER_URL, ...),
 * where Jaeger answers, and whether it may sign development tokens.
 */
export const consoleSettingsSchema = z
  .object({
    ...serviceUrls,
    /** Jaeger's HTTP API (the query service), read for the trace view. */
    JAEGER_QUERY_URL: url.default('http://127.0.0.1:16686'),
    /** The Jaeger UI, linked from each trace; empty where there is none (natively, README). */
    JAEGER_UI_URL: z.union([url, z.literal('')]).default(''),
    /**
     * Sign-in buttons that mint tokens of the local issuer, where the console can read its key
     * (AUTH_JWKS_URL is a file:// URL with the signing key next to it). Never with a real issuer.
     */
    CONSOLE_DEV_TOKENS: z.enum(['true', 'false']).default('true'),
    CONSOLE_OPS_REFRESH_MS: z.coerce.number().int().min(500).default(3_000),
  })
  .transform((env) => ({
    services: Object.fromEntries(
      sagaServices.map((manifest) => [
        manifest.name,
        (env as Record<string, unknown>)[serviceUrlVariable(manifest.name)],
      ]),
    ) as Record<SagaServiceName, string>,
    jaegerQueryUrl: env.JAEGER_QUERY_URL,
    jaegerTraceUrl: env.JAEGER_UI_URL ? `${env.JAEGER_UI_URL.replace(/\/$/, '')}/trace/{traceId}` : null,
    devTokens: env.CONSOLE_DEV_TOKENS === 'true',
    opsRefreshMs: env.CONSOLE_OPS_REFRESH_MS,
  }));

export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;
