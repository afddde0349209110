// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the inventory module.
import { fileURLToPath } from 'node:url';
import { startService } from '@saga-shop/platform';
import { InventoryModule } from './inventory.module.js';

await startService({ name: 'inventory', port: 3002, database: 'saga_inventory' }, InventoryModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
