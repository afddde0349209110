// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the order module.
import { fileURLToPath } from 'node:url';
import { serviceCatalog } from '@saga-shop/config';
import { startService } from '@saga-shop/platform';
import { OrderModule } from './order.module.js';

await startService(serviceCatalog.order, OrderModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
