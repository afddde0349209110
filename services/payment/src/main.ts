// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the payment module.
import { fileURLToPath } from 'node:url';
import { serviceCatalog } from '@saga-shop/config';
import { startService } from '@saga-shop/platform';
import { PaymentModule } from './payment.module.js';

await startService(serviceCatalog.payment, PaymentModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
