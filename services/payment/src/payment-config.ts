import { loadConfig, paymentSettingsSchema, type PaymentSettings } from '@saga-shop/config';

/** Payment settings beyond the platform's; the schema lives in libs/config's service catalog. */
export type PaymentConfig = PaymentSettings;
export const PAYMENT_CONFIG = Symbol('PAYMENT_CONFIG');
export const paymentConfigProvider = {
  provide: PAYMENT_CONFIG,
  useFactory: () => loadConfig(paymentSettingsSchema),
};
