// Bootstrap only: configuration, platform (health, metrics, logs, docs) and the payment module.
import { startService } from '@saga-shop/platform';
import { PaymentModule } from './payment.module.js';

await startService({ name: 'payment', port: 3003, database: 'saga_payment' }, PaymentModule);
