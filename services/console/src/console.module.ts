import { Module } from '@nestjs/common';
import { consoleSettingsSchema, loadConfig } from '@saga-shop/config';
import { DevTokenIssuer } from './application/dev-token-issuer.js';
import { Operations } from './application/operations.js';
import { CONSOLE_SETTINGS } from './console-settings.js';
import { OperationsController } from './http/operations.controller.js';
import { SagasController } from './http/sagas.controller.js';
import { SessionController } from './http/session.controller.js';
import { ShopController } from './http/shop.controller.js';
import { TracesController } from './http/traces.controller.js';
import { WebAppController } from './http/web-app.controller.js';
import { ProjectionUpdates } from './projection/projection-updates.js';
import { SagaProjection } from './projection/saga-projection.js';

/**
 * The console: a backend for its single-page app. It keeps its own read model of every saga
 * (projection/), passes shop calls to the services with the caller's token, reads traces from
 * Jaeger and metrics from the services, and puts dead letters back. The platform gives it health,
 * metrics, logs, authentication, one pool and one broker client.
 */
@Module({
  controllers: [
    SessionController,
    ShopController,
    SagasController,
    TracesController,
    OperationsController,
    WebAppController,
  ],
  providers: [
    { provide: CONSOLE_SETTINGS, useFactory: () => loadConfig(consoleSettingsSchema) },
    ProjectionUpdates,
    SagaProjection,
    DevTokenIssuer,
    Operations,
  ],
})
export class ConsoleModule {}
