import { z } from 'zod';
import { loadConfig } from '@saga-shop/config';

/** Fulfilment settings beyond the platform's (see libs/config). */
export const fulfilmentConfigSchema = z
  .object({
    /** Time a paid order spends PACKING before it ships; 0 ships at once. */
    FULFILMENT_DISPATCH_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
    FULFILMENT_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  })
  .transform((env) => ({
    dispatchDelayMs: env.FULFILMENT_DISPATCH_DELAY_MS,
    dispatchIntervalMs: env.FULFILMENT_DISPATCH_INTERVAL_MS,
  }));

export type FulfilmentConfig = z.infer<typeof fulfilmentConfigSchema>;
export const FULFILMENT_CONFIG = Symbol('FULFILMENT_CONFIG');
export const fulfilmentConfigProvider = {
  provide: FULFILMENT_CONFIG,
  useFactory: () => loadConfig(fulfilmentConfigSchema),
};
