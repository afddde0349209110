import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/**
 * The console's settings beyond the platform's: where the services it shows live, where Jaeger
 * answers, and whether it may sign development tokens.
 */
export const consoleSettingsSchema = z
  .object({
    ORDER_URL: url.default('http://127.0.0.1:3001'),
    INVENTORY_URL: url.default('http://127.0.0.1:3002'),
    PAYMENT_URL: url.default('http://127.0.0.1:3003'),
    FULFILMENT_URL: url.default('http://127.0.0.1:3004'),
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
    services: {
      order: env.ORDER_URL,
      inventory: env.INVENTORY_URL,
      payment: env.PAYMENT_URL,
      fulfilment: env.FULFILMENT_URL,
    },
    jaegerQueryUrl: env.JAEGER_QUERY_URL,
    jaegerTraceUrl: env.JAEGER_UI_URL ? `${env.JAEGER_UI_URL.replace(/\/$/, '')}/trace/{traceId}` : null,
    devTokens: env.CONSOLE_DEV_TOKENS === 'true',
    opsRefreshMs: env.CONSOLE_OPS_REFRESH_MS,
  }));

export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;
