import { fulfilmentSettingsSchema, loadConfig, type FulfilmentSettings } from '@saga-shop/config';

/** Fulfilment settings beyond the platform's; the schema lives in libs/config's service catalog. */
export type FulfilmentConfig = FulfilmentSettings;
export const FULFILMENT_CONFIG = Symbol('FULFILMENT_CONFIG');
export const fulfilmentConfigProvider = {
  provide: FULFILMENT_CONFIG,
  useFactory: () => loadConfig(fulfilmentSettingsSchema),
};
