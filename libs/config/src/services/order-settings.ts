import { z } from 'zod';

/** Order-service settings beyond the platform's. */
export const orderSettingsSchema = z
  .object({
    /** An order not terminal after this long is cancelled with reason TIMEOUT. */
    SAGA_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
    WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  })
  .transform((env) => ({ sagaTimeoutMs: env.SAGA_TIMEOUT_MS, watchdogIntervalMs: env.WATCHDOG_INTERVAL_MS }));

export type OrderSettings = z.infer<typeof orderSettingsSchema>;
