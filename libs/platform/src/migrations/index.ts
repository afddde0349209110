// The migrations entry point (`@saga-shop/platform/migrations`): no NestJS, for scripts.
export { assertMigrated, migrate } from './migrate.js';
export type { MigrationResult } from './migrate.js';
export { migrateAsOwner } from './prepare-database.js';
