// Bootstrap only: configuration, platform (health, metrics, logs, docs) and the inventory module.
import { startService } from '@saga-shop/platform';
import { InventoryModule } from './inventory.module.js';

await startService({ name: 'inventory', port: 3002, database: 'saga_inventory' }, InventoryModule);
