import { randomUUID } from 'node:crypto';
import type { Kafka as KafkaInstance } from 'kafkajs';
import { rangeReaderGroupPrefix } from '@saga-shop/contracts';
import type { IncomingMessage, PartitionRange } from './broker-client.js';
import { toIncomingMessage } from './kafkajs-broker-client.js';

/**
 * Reads exact offset ranges. kafkajs has no manual partition assignment, so a throw-away group
 * (deleted afterwards) subscribes alone, seeks every wanted partition to its start, pauses the
 * partitions it does not want or has finished, and skips anything outside a range.
 */
export async function readRanges(
  kafka: KafkaInstance,
  topic: string,
  ranges: PartitionRange[],
  visit: (message: IncomingMessage) => Promise<void>,
): Promise<void> {
  const wanted = new Map(
    ranges
      .filter((range) => BigInt(range.until) > BigInt(range.from))
      .map((range) => [range.partition, range]),
  );
  if (wanted.size === 0) return;
  const groupId = `${rangeReaderGroupPrefix}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const remaining = new Set(wanted.keys());
  let failed = false;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, isStale }) => {
        const range = wanted.get(batch.partition);
        // After a failed visit nothing more is visited: the caller commits up to the last success.
        if (failed || !range || !remaining.has(batch.partition)) return;
        for (const message of batch.messages) {
          if (isStale()) return;
          const offset = BigInt(message.offset);
          if (offset < BigInt(range.from)) continue;
          if (offset >= BigInt(range.until)) break;
          try {
            await visit(toIncomingMessage(topic, batch.partition, message));
          } catch (error) {
            failed = true;
            fail(error as Error);
            return;
          }
        }
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= BigInt(range.until)) {
          remaining.delete(batch.partition);
          consumer.pause([{ topic, partitions: [batch.partition] }]);
          if (remaining.size === 0) finish();
        }
      },
    });
    for (const range of wanted.values())
      consumer.seek({ topic, partition: range.partition, offset: range.from });
    await done;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
}
