export { ConfigError, loadConfig } from './load-config.js';
export { serviceConfigSchema, serviceConfigVariables } from './service-config.js';
export type { ServiceConfig, ServiceDefaults } from './service-config.js';
