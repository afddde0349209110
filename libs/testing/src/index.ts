export { databaseUrlFor, runtimeDatabaseUrlFor, serviceNames, testDatabaseUrl } from './databases.js';
export { localInfra } from './local-infra.js';
export type { InfraComponent } from './local-infra.js';
export { ServiceProcess } from './service-process.js';
export type { ProcessName, ServiceName, ServiceProcessOptions } from './service-process.js';
export { waitFor } from './wait-for.js';
export type { WaitOptions } from './wait-for.js';
export { testLogDir, workspaceRoot } from './workspace.js';
export { createScratchPool, createScratchSchema } from './scratch-schema.js';
export type { ScratchPool, ScratchSchema } from './scratch-schema.js';
export { SagaClient } from './saga-client.js';
export type { OrderInput, OrderView } from './saga-client.js';
export { expectSagaInvariants, findSagaViolations } from './saga-invariants.js';
export { SagaStack, testPorts } from './saga-stack.js';
export { readCounter } from './metrics-reader.js';
export { readSince, readTopics, topicEnds } from './topic-reader.js';
export { findSchemaDrift } from './schema-drift/find-schema-drift.js';
export { OtlpReceiver } from './otlp-receiver.js';
export type { ReceivedSpan } from './otlp-receiver.js';
export {
  composeEnvironment,
  composeEnvironmentOnThisHost,
  dependsOnConditions,
  loadComposeFile,
  memoryLimitMiB,
  publishedPorts,
} from './compose-file.js';
export type { ComposeFile, ComposeService } from './compose-file.js';
export { portsInUse } from './ports-in-use.js';
export { RowLockHolder, waitUntilBlockedBy } from './row-lock.js';
export { bearer, localAuthDir, staffBearer, tokenFor } from './tokens.js';
export { runComposeMigration } from './compose-migrate.js';
export { adminBrokerOptions, serviceBrokerOptions } from './admin-broker.js';
export type { TestBrokerOptions } from './admin-broker.js';
