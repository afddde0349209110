// npm run migrate: applies every service's prisma/migrations to its database as the owner role
// (DATABASE_MIGRATION_URL) and grants DML to the runtime role (DATABASE_URL). Services also do
// this at start-up unless MIGRATE_ON_START=false. Each service reads its usual environment,
// prefixed here by its name, e.g. ORDER_DATABASE_MIGRATION_URL; without one, the local default
// of `npm start` is used.
import path from 'node:path';
import { loadConfig, serviceConfigSchema } from '@saga-shop/config';
// The migrations entry point only: no NestJS (and no decorators) to load for a script.
import { migrateAsOwner } from '@saga-shop/platform/migrations';

const services = ['order', 'inventory', 'payment', 'fulfilment'] as const;
const root = path.resolve(import.meta.dirname, '..');

for (const name of services) {
  const prefix = `${name.toUpperCase()}_`;
  const env = Object.fromEntries(
    Object.entries(process.env)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const config = loadConfig(serviceConfigSchema({ name, port: 0, database: `saga_${name}` }), env);
  const result = await migrateAsOwner(config, path.join(root, 'services', name, 'prisma/migrations'));
  console.log(`${name}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
}
