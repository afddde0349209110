export { ConfigError, loadConfig } from './load-config.js';
export { serviceConfigSchema, serviceConfigVariables } from './service-config.js';
export type { ServiceConfig, ServiceDefaults } from './service-config.js';
export { fulfilmentSettingsSchema } from './services/fulfilment-settings.js';
export type { FulfilmentSettings } from './services/fulfilment-settings.js';
export { orderSettingsSchema } from './services/order-settings.js';
export type { OrderSettings } from './services/order-settings.js';
export { serviceCatalog, serviceNames, serviceVariables } from './services/service-catalog.js';
export type { ServiceName } from './services/service-catalog.js';
