import { Injectable } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DatabasePool } from '@saga-shop/platform';
import { PrismaClient } from '../generated/prisma/client.js';

/**
 * Prisma over the service's one connection pool (no native engine: @prisma/adapter-pg), for the
 * reads of the REST API. Writes go through SagaTransactions, with the statements of inventory-sql.ts.
 */
@Injectable()
export class InventoryDatabase extends PrismaClient {
  constructor(pool: DatabasePool) {
    super({ adapter: new PrismaPg(pool, { schema: pool.schema }) });
  }
}
