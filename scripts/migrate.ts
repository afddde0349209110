// npm run migrate: applies every service's migrations (and the console's) to its database as the owner role
// (DATABASE_MIGRATION_URL) and grants DML to the runtime role (DATABASE_URL). Services also do
// this at start-up unless MIGRATE_ON_START=false. Each service reads its usual environment,
// prefixed here by its name, e.g. ORDER_DATABASE_MIGRATION_URL; without one, the local default
// of `npm start` is used.
import path from 'node:path';
import { loadConfig, serviceConfigSchema } from '@saga-shop/config';
// The migrations entry point only: no NestJS (and no decorators) to load for a script.
import { migrateAsOwner, sagaServiceMigrations } from '@saga-shop/platform/migrations';

// The console keeps plain SQL migrations (no Prisma models: its projection is written by hand).
const services = [
  { name: 'order', migrations: 'services/order/prisma/migrations' },
  { name: 'inventory', migrations: 'services/inventory/prisma/migrations' },
  { name: 'payment', migrations: 'services/payment/prisma/migrations' },
  { name: 'fulfilment', migrations: 'services/fulfilment/prisma/migrations' },
  { name: 'console', migrations: 'services/console/migrations' },
] as const;
const root = path.resolve(import.meta.dirname, '..');

for (const { name, migrations } of services) {
  const prefix = `${name.toUpperCase()}_`;
  const env = Object.fromEntries(
    Object.entries(process.env)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const config = loadConfig(serviceConfigSchema({ name, port: 0, database: `saga_${name}` }), env);
  const own = path.join(root, migrations);
  const result = await migrateAsOwner(config, name === 'console' ? own : sagaServiceMigrations(own));
  console.log(`${name}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
}
