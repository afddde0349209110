// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the order module.
import { fileURLToPath } from 'node:url';
import { startService } from '@saga-shop/platform';
import { OrderModule } from './order.module.js';

await startService({ name: 'order', port: 3001, database: 'saga_order' }, OrderModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
