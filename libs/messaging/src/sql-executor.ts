/**
 * The one thing the outbox and inbox need from a service's database transaction. A Prisma
 * interactive transaction client satisfies it, so this library never depends on a service's
 * generated Prisma client.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}
