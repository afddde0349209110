import 'reflect-metadata';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { loadConfig, serviceConfigSchema, type ServiceConfig, type ServiceDefaults } from '@saga-shop/config';
import {
  ConsumerHealth,
  SAGA_WORKING_SET,
  SagaEventServer,
  type BrokerClient,
  type WorkingSet,
} from '@saga-shop/messaging';
import { shutdownTelemetry } from '@saga-shop/telemetry';
import { configureHttpEdge, createHttpAdapter } from './http/http-edge.js';
import { migrateAsOwner, prepareDatabase } from './migrations/prepare-database.js';
import { SagaTransactions } from './messaging/saga-transactions.js';
import { PlatformModule } from './platform.module.js';
import { BROKER_CLIENT } from './tokens.js';
import { openApiDocumentOf } from './openapi/index.js';
import { sagaServiceMigrations } from './migrations/saga-service-migrations.js';

@Module({})
class ServiceRootModule {}

/**
 * On SIGTERM/SIGINT: stop consuming, let the relay finish its batch, close pools (app.close runs
 * every shutdown hook), flush the spans not yet exported, then exit 0. Nest's own shutdown hooks would re-raise the signal instead,
 * which orchestrators report as a crash. A hung hook cannot hold the process past the timeout.
 */
function exitCleanlyOnSignals(app: NestFastifyApplication, logger: Logger, timeoutMs: number) {
  let stopping = false;
  // A busy keep-alive connection would keep the HTTP server open forever: answer the requests in
  // flight with `Connection: close`, and drop the connections that are idle.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      if (stopping) reply.header('Connection', 'close');
      done();
    });
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
  /** The service's prisma/migrations folder; applied (or checked) before anything else starts. */
  migrationsDir: string;
  /**
   * False for a service that only watches the saga (the console): no outbox relay, no saga
   * consumer; it consumes on its own terms.
   */
  sagaParticipant?: boolean;
  /** Last touches to the HTTP app before it listens (static files, say). */
  configure?(app: NestFastifyApplication): void | Promise<void>;
}

/**
 * Boots one service: validated configuration, migrations, the platform module, the service's own
 * module on Fastify (http/http-edge.ts), its saga consumers (@EventPattern handlers) and outbox
 * relay, OpenAPI at /docs, and a clean exit on SIGTERM. With the argument `migrate`, it only
 * applies the migrations as the owner role and returns.
 */
export async function startService(
  defaults: ServiceDefaults,
  serviceModule: Type | DynamicModule,
  options: StartOptions,
) {
  const config = loadConfig(serviceConfigSchema(defaults));
  // A saga participant's database also holds the outbox and inbox, whose migrations libs/messaging owns.
  const migrations =
    (options.sagaParticipant ?? true) ? sagaServiceMigrations(options.migrationsDir) : options.migrationsDir;
  if (process.argv[2] === 'migrate') {
    const result = await migrateAsOwner(config, migrations);
    console.log(
      `${config.serviceName}: ${result.applied.length} migrations applied, ${result.alreadyApplied.length} already applied`,
    );
    return undefined;
  }
  await prepareDatabase(config, migrations);

  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forService(config, { sagaParticipant: options.sagaParticipant ?? true }),
      serviceModule,
    ],
  };
  // Nest's own body parsers stay off: configureHttpEdge accepts JSON bodies only.
  const app = await NestFactory.create<NestFastifyApplication>(root, createHttpAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  exitCleanlyOnSignals(app, logger, config.shutdownTimeoutMs);
  configureHttpEdge(app);

  if (options.sagaParticipant ?? true) connectSagaConsumer(app, config, logger);

  SwaggerModule.setup('docs', app, () => openApiDocumentOf(app, config.serviceName));
  await options.configure?.(app);

  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  logger.log(`${config.serviceName} listening on ${config.http.host}:${config.http.port}`);
  return app;
}

/** The saga's consumer: every @EventPattern handler of the service, in saga transactions. */
function connectSagaConsumer(app: NestFastifyApplication, config: ServiceConfig, logger: Logger) {
  app.connectMicroservice({
    strategy: new SagaEventServer({
      client: app.get<BrokerClient>(BROKER_CLIENT),
      groupId: config.consumer.groupId,
      runner: app.get(SagaTransactions),
      workingSet: app.get<WorkingSet<unknown>>(SAGA_WORKING_SET),
      health: app.get(ConsumerHealth),
      retry: { attempts: config.consumer.retryAttempts },
      fetch: config.consumer.fetch,
      commitIntervalMs: config.consumer.commitIntervalMs,
      maxEventsPerTransaction: config.consumer.maxEventsPerTransaction,
      logger: {
        log: (message) => logger.log(message),
        warn: (message) => logger.warn(message),
        error: (message) => logger.error(message),
      },
    }),
  });
}
