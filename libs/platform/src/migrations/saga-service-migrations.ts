import { outboxInboxMigrationsDir } from '@saga-shop/messaging';

/**
 * What a saga service's database is migrated with: the outbox and inbox migrations libs/messaging
 * owns, then the service's own prisma/migrations, as one list in name order.
 */
export function sagaServiceMigrations(serviceMigrationsDir: string): readonly string[] {
  return [outboxInboxMigrationsDir, serviceMigrationsDir];
}
