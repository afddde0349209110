export { ConfigError, loadConfig } from './load-config.js';
export { serviceConfigSchema, serviceConfigVariables } from './service-config.js';
export type { ServiceConfig, ServiceDefaults } from './service-config.js';
export { consoleSettingsSchema, serviceUrlVariable } from './services/console-settings.js';
export type { ConsoleSettings } from './services/console-settings.js';
export { fulfilmentSettingsSchema } from './services/fulfilment-settings.js';
export type { FulfilmentSettings } from './services/fulfilment-settings.js';
export { orderSettingsSchema } from './services/order-settings.js';
export type { OrderSettings } from './services/order-settings.js';
export { paymentSettingsSchema } from './services/payment-settings.js';
export type { PaymentSettings } from './services/payment-settings.js';
export {
  deployableCatalog,
  deployableNames,
  deployables,
  serviceCatalog,
  serviceNames,
  serviceVariables,
} from './services/service-catalog.js';
export type { DeployableName, ServiceName } from './services/service-catalog.js';
