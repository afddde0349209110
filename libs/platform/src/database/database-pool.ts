import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { ServiceConfig } from '@saga-shop/config';
import { SERVICE_CONFIG } from '../tokens.js';

/**
 * The service's one connection pool to its own database. The saga transactions, Prisma (through
 * @prisma/adapter-pg), the outbox relay and the health check all share it, so the pool size bounds
 * every connection.
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
    // A server restart (57P01) or a dropped connection must never crash the process: an idle
    // client's error is the pool's, and a checked-out client between two statements emits its
    // own. Both are only listened to; the statement in flight fails, the pool drops the client,
    // and the next statement reconnects.
    this.on('error', () => undefined);
    this.on('connect', (client) => client.on('error', () => undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.end();
  }
}
