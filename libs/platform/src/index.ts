export { BrokerConnection } from './broker/broker-connection.js';
export { DatabasePool } from './database/database-pool.js';
export { PlatformModule } from './platform.module.js';
export { startService } from './start-service.js';
export { BROKER_CLIENT, SERVICE_CONFIG } from './tokens.js';
