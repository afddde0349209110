import { z } from 'zod';

/** Payment settings beyond the platform's. */
export const paymentSettingsSchema = z
  .object({
    /** Calls to the card gateway per charge before the payment is voided and declined (GATEWAY_UNAVAILABLE). */
    PAYMENT_GATEWAY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
    /** A payment left PENDING (or REFUND_PENDING) this long, by a crash say, is finished by the reconciler. */
    PAYMENT_RECONCILE_AFTER_MS: z.coerce.number().int().min(100).default(15_000),
    PAYMENT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  })
  .transform((env) => ({
    gatewayAttempts: env.PAYMENT_GATEWAY_ATTEMPTS,
    reconcileAfterMs: env.PAYMENT_RECONCILE_AFTER_MS,
    reconcileIntervalMs: env.PAYMENT_RECONCILE_INTERVAL_MS,
  }));

export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;
