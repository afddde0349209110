// The migrations entry point (`@saga-shop/platform/migrations`): no NestJS, for scripts.
export { assertMigrated, migrate } from './migrate.js';
export type { MigrationResult, MigrationSources } from './migrate.js';
export { sagaServiceMigrations } from './saga-service-migrations.js';
export { migrateAsOwner } from './prepare-database.js';
