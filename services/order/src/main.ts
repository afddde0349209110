// Bootstrap only: configuration, platform (health, metrics, logs, docs) and the order module.
import { startService } from '@saga-shop/platform';
import { OrderModule } from './order.module.js';

await startService({ name: 'order', port: 3001, database: 'saga_order' }, OrderModule);
