import { loadConfig, orderSettingsSchema, type OrderSettings } from '@saga-shop/config';

/** Order-service settings beyond the platform's; the schema lives in libs/config's service catalog. */
export type OrderConfig = OrderSettings;
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');
export const orderConfigProvider = {
  provide: ORDER_CONFIG,
  useFactory: () => loadConfig(orderSettingsSchema),
};
