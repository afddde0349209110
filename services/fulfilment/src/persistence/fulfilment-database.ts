import { Injectable, Optional } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DatabasePool, EventDelivery, commitThrough, sagaTransactionOptions } from '@saga-shop/platform';
import { type Prisma, PrismaClient } from '../generated/prisma/client.js';

export type FulfilmentTx = Prisma.TransactionClient;

/** Prisma over the service's one connection pool (no native engine: @prisma/adapter-pg). */
@Injectable()
export class FulfilmentDatabase extends PrismaClient {
  constructor(
    pool: DatabasePool,
    @Optional() private readonly delivery?: EventDelivery,
  ) {
    super({ adapter: new PrismaPg(pool, { schema: pool.schema }) });
  }

  /** One transaction: a reaction's effect, its inbox row and its outbox rows commit together. */
  readonly transaction = <T>(work: (tx: FulfilmentTx) => Promise<T>): Promise<T> =>
    commitThrough(this.delivery, () => this.$transaction(work, sagaTransactionOptions));
}
