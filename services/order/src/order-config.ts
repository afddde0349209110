import { z } from 'zod';
import { loadConfig } from '@saga-shop/config';

/** Order-service settings beyond the platform's (see libs/config). */
export const orderConfigSchema = z
  .object({
    /** An order not terminal after this long is cancelled with reason TIMEOUT. */
    SAGA_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
    WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  })
  .transform((env) => ({ sagaTimeoutMs: env.SAGA_TIMEOUT_MS, watchdogIntervalMs: env.WATCHDOG_INTERVAL_MS }));

export type OrderConfig = z.infer<typeof orderConfigSchema>;
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');
export const orderConfigProvider = { provide: ORDER_CONFIG, useFactory: () => loadConfig(orderConfigSchema) };
