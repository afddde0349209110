export { Public, StaffOnly } from './auth/auth-metadata.js';
export { BearerAuthGuard } from './auth/bearer-auth.guard.js';
export { CurrentPrincipal } from './auth/current-principal.decorator.js';
export { BrokerConnection } from './broker/broker-connection.js';
export { DatabasePool } from './database/database-pool.js';
export { configureHttpEdge, createHttpAdapter } from './http/http-edge.js';
export { ProblemDetailsFilter, ProblemException } from './http/problem-details.filter.js';
export { PeriodicTask } from './scheduling/periodic-task.js';
export type { FieldProblem } from './http/problem-details.filter.js';
export { ZodValidationPipe } from './http/zod-validation.pipe.js';
export {
  ApiJsonBody,
  ApiJsonResponse,
  ApiProblems,
  ApiSummary,
  openApiDocumentOf,
  openApiSchemaOf,
  problemBody,
} from './openapi/index.js';
export { OutboxRelayService } from './messaging/outbox-relay.service.js';
export { SagaTransactions } from './messaging/saga-transactions.js';
export { migrate } from './migrations/migrate.js';
export type { MigrationResult, MigrationSources } from './migrations/migrate.js';
export { sagaServiceMigrations } from './migrations/saga-service-migrations.js';
export { PlatformModule } from './platform.module.js';
export { startService } from './start-service.js';
export type { StartOptions } from './start-service.js';
export { BROKER_CLIENT, SERVICE_CONFIG } from './tokens.js';
