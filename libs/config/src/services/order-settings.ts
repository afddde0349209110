import { z } from 'zod';

/** Order-service settings beyond the platform's. */
export const orderSettingsSchema = z
  .object({
    /** An order not terminal after this long is cancelled with reason TIMEOUT. */
    SAGA_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
    WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    /**
     * Load shedding: while this many orders are open (placed, not yet terminal), POST /orders is
     * refused with 503 and Retry-After, writing nothing, so the saga in flight keeps its pace.
     */
    ORDER_ADMISSION_MAX_OPEN: z.coerce.number().int().min(1).default(1_000),
    /** How often the open orders are counted (one indexed count). */
    ORDER_ADMISSION_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  })
  .transform((env) => ({
    sagaTimeoutMs: env.SAGA_TIMEOUT_MS,
    watchdogIntervalMs: env.WATCHDOG_INTERVAL_MS,
    admission: { maxOpenOrders: env.ORDER_ADMISSION_MAX_OPEN, intervalMs: env.ORDER_ADMISSION_INTERVAL_MS },
  }));

export type OrderSettings = z.infer<typeof orderSettingsSchema>;
