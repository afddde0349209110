// npm run console:rebuild: throws the console's projection away and replays every saga topic
// from the start of its log (event replay). The console may keep running meanwhile: its consumer
// waits for the replay to commit, and its pages show the old projection until then.
import pg from 'pg';
import { loadConfig, serviceConfigSchema } from '@saga-shop/config';
import { createBrokerClient } from '@saga-shop/messaging';
import { consoleDefaults } from './console-defaults.js';
import { rebuildProjection } from './projection/rebuild-projection.js';

const config = loadConfig(serviceConfigSchema(consoleDefaults));
const pool = new pg.Pool({
  connectionString: config.database.url,
  max: 1,
  options: `-c search_path=${config.database.schema}`,
});
const client = createBrokerClient(
  { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-rebuild`, ...config.kafkaSecurity },
  config.kafka.client,
);
const started = Date.now();
try {
  const report = await rebuildProjection(client, pool);
  console.log(
    `console projection rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${report.read} messages read, ${report.recorded} recorded, ${report.orders} orders`,
  );
} finally {
  await pool.end();
}
