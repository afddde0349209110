import { z } from 'zod';

/** Fulfilment settings beyond the platform's. */
export const fulfilmentSettingsSchema = z
  .object({
    /** Time a paid order spends PACKING before it ships; 0 ships at once. */
    FULFILMENT_DISPATCH_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
    FULFILMENT_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  })
  .transform((env) => ({
    dispatchDelayMs: env.FULFILMENT_DISPATCH_DELAY_MS,
    dispatchIntervalMs: env.FULFILMENT_DISPATCH_INTERVAL_MS,
  }));

export type FulfilmentSettings = z.infer<typeof fulfilmentSettingsSchema>;
