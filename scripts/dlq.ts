// npm run dlq -- list [topic...]       what is parked on each <topic>.dlq, and why
// npm run dlq -- redrive <topic...>    put those dead letters back on <topic>, each once (letters
//                                       parked during the run are reported and left for the next)
// Without a topic, `list` looks at every saga topic. As the admin principal: KAFKA_BROKERS,
// KAFKA_SASL_* and KAFKA_CLIENT as for the services, the local admin by default.
import { allTopics } from '@saga-shop/contracts';
import {
  brokerClientKindFrom,
  createBrokerClient,
  deadLetterHeader,
  operatorConnection,
  listDeadLetters,
  redriveDeadLetters,
} from '@saga-shop/messaging';

const [command, ...named] = process.argv.slice(2);
const client = createBrokerClient(
  operatorConnection('saga-shop-dlq'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);

const unknown = named.filter((topic) => !(allTopics as readonly string[]).includes(topic));
if (
  unknown.length > 0 ||
  (command !== 'list' && command !== 'redrive') ||
  (command === 'redrive' && named.length === 0)
) {
  console.error(
    unknown.length > 0
      ? `unknown topic(s): ${unknown.join(', ')}`
      : 'usage: npm run dlq -- list [topic...] | redrive <topic...>',
  );
  console.error(`topics: ${allTopics.join(', ')}`);
  process.exit(2);
}

for (const topic of named.length > 0 ? named : allTopics) {
  if (command === 'redrive') {
    const { redriven, arrivedMeanwhile } = await redriveDeadLetters(client, topic);
    const later = arrivedMeanwhile > 0 ? `; ${arrivedMeanwhile} parked meanwhile, left for the next run` : '';
    console.log(`${topic}: ${redriven} dead letter(s) put back${later}`);
    continue;
  }
  const letters = await listDeadLetters(client, topic);
  if (letters.length === 0) continue;
  console.log(`${topic}.dlq: ${letters.length}`);
  for (const letter of letters) {
    const h = letter.headers;
    console.log(
      `  ${h[deadLetterHeader.failedAt]} key=${letter.key} ${h[deadLetterHeader.errorKind]} ` +
        `(group ${h[deadLetterHeader.consumerGroup]}, from ${h[deadLetterHeader.originalPartition]}:${h[deadLetterHeader.originalOffset]}): ${h[deadLetterHeader.error]}`,
    );
  }
}
