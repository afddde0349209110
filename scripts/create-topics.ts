// Creates every saga topic and its dead-letter twin from libs/contracts (auto creation is off on
// the broker, so a typo in a topic name fails loudly instead of creating a stray topic).
// Run by infra/local/infra.sh after Kafka starts:
//   node --conditions=saga-shop-source --import tsx scripts/create-topics.ts
import { topicsToProvision } from '@saga-shop/contracts';
import { createKafkaJsBrokerClient } from '@saga-shop/messaging';

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const partitions = Number(process.env['KAFKA_PARTITIONS'] ?? 6);
const replicationFactor = Number(process.env['KAFKA_REPLICATION_FACTOR'] ?? 1);

const admin = await createKafkaJsBrokerClient({ brokers, clientId: 'saga-shop-create-topics' }).admin();
try {
  const wanted = topicsToProvision();
  const created = await admin.ensureTopics(wanted.map((topic) => ({ topic, partitions, replicationFactor })));
  console.log(
    `topics: ${wanted.length} wanted, ${created.length} created` +
      (created.length > 0 ? ` (${partitions} partitions each)` : ', all present'),
  );
} finally {
  await admin.disconnect();
}
