import type { ServiceName } from '@saga-shop/config';

export { serviceNames } from '@saga-shop/config';

/** The local database of a service and the login role that owns it (both created by infra/local). */
export function databaseUrlFor(service: ServiceName, as: ServiceName = service): string {
  const host = process.env['PGHOST'] ?? '127.0.0.1';
  const port = process.env['PGPORT'] ?? '5432';
  const role = `saga_${as}`;
  return `postgresql://${role}:${role}@${host}:${port}/saga_${service}`;
}

/** The same database as its runtime role (`saga_<service>_app`): DML only, what the service uses. */
export function runtimeDatabaseUrlFor(service: ServiceName): string {
  const host = process.env['PGHOST'] ?? '127.0.0.1';
  const port = process.env['PGPORT'] ?? '5432';
  const role = `saga_${service}_app`;
  return `postgresql://${role}:${role}@${host}:${port}/saga_${service}`;
}

/**
 * A scratch database for library integration tests (created by infra/local beside the service
 * databases), so no test writes into a service's own database.
 */
export function testDatabaseUrl(): string {
  const host = process.env['PGHOST'] ?? '127.0.0.1';
  const port = process.env['PGPORT'] ?? '5432';
  return process.env['TEST_DATABASE_URL'] ?? `postgresql://saga_test:saga_test@${host}:${port}/saga_test`;
}
