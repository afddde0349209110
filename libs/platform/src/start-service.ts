import 'reflect-metadata';
import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { loadConfig, serviceConfigSchema, type ServiceDefaults } from '@saga-shop/config';
import { SagaEventServer, type BrokerClient } from '@saga-shop/messaging';
import { shutdownTelemetry } from '@saga-shop/telemetry';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { migrate } from './migrations/migrate.js';
import { PlatformModule } from './platform.module.js';
import { BROKER_CLIENT } from './tokens.js';

@Module({})
class ServiceRootModule {}

/**
 * On SIGTERM/SIGINT: stop consuming, let the relay finish its batch, close pools (app.close runs
 * every shutdown hook), flush the spans not yet exported, then exit 0. Nest's own shutdown hooks would re-raise the signal instead,
 * which orchestrators report as a crash. A hung hook cannot hold the process past the timeout.
 */
function exitCleanlyOnSignals(app: INestApplication, logger: Logger, timeoutMs: number) {
  let stopping = false;
  // A busy keep-alive connection would keep the HTTP server open forever: answer the requests in
  // flight with `Connection: close`, and drop the connections that are idle.
  app.use(
    (_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
      if (stopping) response.setHeader('Connection', 'close');
      next();
    },
  );
  const shutdown = (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: shutting down`);
    stopping = true;
    (app.getHttpServer() as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    app
      .close()
      .then(() => shutdownTelemetry())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`shutdown failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

export interface StartOptions {
  /** The service's prisma/migrations folder; applied before anything else starts. */
  migrationsDir: string;
}

/**
 * Boots one service: validated configuration, migrations, the platform module, the service's own
 * module, its saga consumers (@EventPattern handlers) and outbox relay, OpenAPI at /docs, and
 * a clean exit on SIGTERM.
 */
export async function startService(
  defaults: ServiceDefaults,
  serviceModule: Type | DynamicModule,
  options: StartOptions,
) {
  const config = loadConfig(serviceConfigSchema(defaults));
  await migrate(config.database.url, options.migrationsDir, config.database.schema);

  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [PlatformModule.forService(config), serviceModule],
  };
  const app = await NestFactory.create(root, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  exitCleanlyOnSignals(app, logger, config.shutdownTimeoutMs);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.use(httpMetrics);

  app.connectMicroservice({
    strategy: new SagaEventServer({
      client: app.get<BrokerClient>(BROKER_CLIENT),
      groupId: config.consumer.groupId,
      retry: { attempts: config.consumer.retryAttempts },
      logger: { log: (message) => logger.log(message), warn: (message) => logger.warn(message) },
    }),
  });

  const openApi = new DocumentBuilder()
    .setTitle(`saga-shop ${config.serviceName} service`)
    .setVersion(process.env['npm_package_version'] ?? '0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  logger.log(`${config.serviceName} listening on ${config.http.host}:${config.http.port}`);
  return app;
}
