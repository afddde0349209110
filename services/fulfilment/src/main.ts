// Bootstrap only: configuration, platform (health, metrics, logs, docs) and the fulfilment module.
import { startService } from '@saga-shop/platform';
import { FulfilmentModule } from './fulfilment.module.js';

await startService({ name: 'fulfilment', port: 3004, database: 'saga_fulfilment' }, FulfilmentModule);
