// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the inventory module.
import { fileURLToPath } from 'node:url';
import { serviceCatalog } from '@saga-shop/config';
import { startService } from '@saga-shop/platform';
import { InventoryModule } from './inventory.module.js';

await startService(serviceCatalog.inventory, InventoryModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
