export { databaseUrlFor, serviceNames, testDatabaseUrl } from './databases.js';
export { localInfra } from './local-infra.js';
export type { InfraComponent } from './local-infra.js';
export { ServiceProcess } from './service-process.js';
export type { ServiceName, ServiceProcessOptions } from './service-process.js';
export { waitFor } from './wait-for.js';
export type { WaitOptions } from './wait-for.js';
export { testLogDir, workspaceRoot } from './workspace.js';
