import type { ServiceConfig } from '@saga-shop/config';
import { assertMigrated, migrate, type MigrationResult, type MigrationSources } from './migrate.js';
import { userOf } from './runtime-role.js';

/**
 * Migrations run as the owner (DATABASE_MIGRATION_URL) and grant DML to the runtime role, the
 * user of DATABASE_URL, unless both are the same user. `node dist/main.js migrate` does only this;
 * compose and Kubernetes run it as a one-shot job, so the long-running service never holds the
 * owner's password.
 */
export function migrateAsOwner(
  config: ServiceConfig,
  migrationsDir: MigrationSources,
): Promise<MigrationResult> {
  const runtimeRole = userOf(config.database.url);
  const grantTo = runtimeRole !== userOf(config.migrations.url) ? runtimeRole : undefined;
  return migrate(config.migrations.url, migrationsDir, config.database.schema, grantTo);
}

/** At start-up: migrate (MIGRATE_ON_START, the native default) or check that someone did. */
export async function prepareDatabase(config: ServiceConfig, migrationsDir: MigrationSources): Promise<void> {
  if (config.migrations.onStart) await migrateAsOwner(config, migrationsDir);
  else await assertMigrated(config.database.url, migrationsDir, config.database.schema);
}
