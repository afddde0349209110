import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { ServiceConfig } from '@saga-shop/config';
import { SERVICE_CONFIG } from '../tokens.js';

/**
 * The service's one connection pool to its own database. Prisma (through @prisma/adapter-pg),
 * the outbox relay and the health check all share it, so the pool size bounds every connection.
 */
@Injectable()
export class DatabasePool extends pg.Pool implements OnApplicationShutdown {
  /** The schema the service's tables live in; Prisma qualifies every table with it. */
  readonly schema: string;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    super({
      connectionString: config.database.url,
      max: config.database.poolSize,
      connectionTimeoutMillis: 5_000,
      application_name: config.serviceName,
      options: `-c search_path=${config.database.schema}`,
    });
    this.schema = config.database.schema;
    // An idle client that loses its server must not crash the process; the next query reconnects.
    this.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.end();
  }
}
