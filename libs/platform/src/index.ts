export { BrokerConnection } from './broker/broker-connection.js';
export { DatabasePool } from './database/database-pool.js';
export { OutboxRelayService } from './messaging/outbox-relay.service.js';
export { migrate } from './migrations/migrate.js';
export type { MigrationResult } from './migrations/migrate.js';
export { PlatformModule } from './platform.module.js';
export { startService } from './start-service.js';
export type { StartOptions } from './start-service.js';
export { BROKER_CLIENT, SERVICE_CONFIG } from './tokens.js';
