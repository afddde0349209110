// Creates every saga topic and its dead-letter twin from libs/contracts (auto creation is off on
// the broker, so a typo in a topic name fails loudly instead of creating a stray topic), then
// gives each service's Kafka principal (and the console's) exactly the ACLs its place in the topology needs.
// Run by infra/local/infra.sh after Kafka starts, and by compose's create-topics one-shot:
//   node --conditions=saga-shop-source --import tsx scripts/create-topics.ts
// As the admin principal (KAFKA_SASL_* as for the dlq tool). KAFKA_ACLS=false skips the ACLs,
// for a broker that has no authorizer.
import { consoleKafkaAccess, kafkaAccessOf, sagaServices, topicsToProvision } from '@saga-shop/contracts';
import {
  aclGrantsOf,
  brokerClientKindFrom,
  createBrokerClient,
  operatorConnection,
} from '@saga-shop/messaging';

const partitions = Number(process.env['KAFKA_PARTITIONS'] ?? 6);
const replicationFactor = Number(process.env['KAFKA_REPLICATION_FACTOR'] ?? 1);

const client = createBrokerClient(
  operatorConnection('saga-shop-create-topics'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);
const admin = await client.admin();
try {
  const wanted = topicsToProvision();
  const created = await admin.ensureTopics(wanted.map((topic) => ({ topic, partitions, replicationFactor })));
  console.log(
    `topics: ${wanted.length} wanted, ${created.length} created` +
      (created.length > 0 ? ` (${partitions} partitions each)` : ', all present'),
  );
  if (process.env['KAFKA_ACLS'] !== 'false') {
    for (const access of [...sagaServices.map(kafkaAccessOf), consoleKafkaAccess()]) {
      const change = await admin.replaceAcls(`User:${access.principal}`, aclGrantsOf(access));
      console.log(`acls: User:${access.principal} ${change.created} added, ${change.deleted} removed`);
    }
  }
} finally {
  await admin.disconnect();
}
