/**
 * Options for every saga transaction (prisma.$transaction). Prisma's defaults (2 s to get a
 * connection, 5 s to finish) are tight when a burst of orders queues for the pool.
 */
export const sagaTransactionOptions = { maxWait: 10_000, timeout: 15_000 } as const;
