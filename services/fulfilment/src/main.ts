// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the fulfilment module.
import { fileURLToPath } from 'node:url';
import { startService } from '@saga-shop/platform';
import { FulfilmentModule } from './fulfilment.module.js';

await startService({ name: 'fulfilment', port: 3004, database: 'saga_fulfilment' }, FulfilmentModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
