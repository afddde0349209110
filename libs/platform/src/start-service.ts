import 'reflect-metadata';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { loadConfig, serviceConfigSchema, type ServiceDefaults } from '@saga-shop/config';
import { PlatformModule } from './platform.module.js';

@Module({})
class ServiceRootModule {}

/**
 * Boots one service: validated configuration, the platform module, the service's own module,
 * OpenAPI at /docs, and shutdown hooks so SIGTERM closes pools and connections before exit.
 */
export async function startService(defaults: ServiceDefaults, serviceModule: Type | DynamicModule) {
  const config = loadConfig(serviceConfigSchema(defaults));
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [PlatformModule.forService(config), serviceModule],
  };
  const app = await NestFactory.create(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle(`saga-shop ${config.serviceName} service`)
    .setVersion(process.env['npm_package_version'] ?? '0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`${config.serviceName} listening on ${config.http.host}:${config.http.port}`);
  return app;
}
