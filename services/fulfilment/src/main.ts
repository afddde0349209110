// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the fulfilment module.
import { fileURLToPath } from 'node:url';
import { serviceCatalog } from '@saga-shop/config';
import { startService } from '@saga-shop/platform';
import { FulfilmentModule } from './fulfilment.module.js';

await startService(serviceCatalog.fulfilment, FulfilmentModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
