import { fileURLToPath } from 'node:url';

/**
 * The outbox and inbox tables every saga service has, as migrations owned here, in Prisma's layout
 * (<timestamp>_<name>/migration.sql). libs/platform's runner applies them with the service's own,
 * in name order, so their `_prisma_migrations` rows are what the per-service copies used to record.
 */
export const outboxInboxMigrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));
