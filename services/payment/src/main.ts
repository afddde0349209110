// Bootstrap only: configuration, migrations, platform (health, metrics, logs, docs, outbox relay,
// saga consumers) and the payment module.
import { fileURLToPath } from 'node:url';
import { startService } from '@saga-shop/platform';
import { PaymentModule } from './payment.module.js';

await startService({ name: 'payment', port: 3003, database: 'saga_payment' }, PaymentModule, {
  migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
});
