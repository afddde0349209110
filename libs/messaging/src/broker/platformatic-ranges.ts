import { randomUUID } from 'node:crypto';
import { Consumer, type BaseOptions } from '@platformatic/kafka';
import { rangeReaderGroupPrefix } from '@saga-shop/contracts';
import type { IncomingMessage, PartitionRange } from './broker-client.js';
import { withBrokerErrors } from './platformatic-connection.js';
import { fetchPartitions, logBoundaries } from './platformatic-fetch.js';

const tuning = { minBytes: 1, maxWaitMs: 200, maxBytesPerPartition: 1_048_576 };

/**
 * Reads exact offset ranges with plain fetches from each partition's leader, one partition after
 * the other. Unlike the kafkajs adapter no consumer group is involved: a Fetch needs none, so the
 * consumer below never joins its group (never created on the broker) and nothing is left to delete.
 */
export async function readRangesWithPlatformatic(
  base: BaseOptions,
  topic: string,
  ranges: PartitionRange[],
  visit: (message: IncomingMessage) => Promise<void>,
): Promise<void> {
  const wanted = ranges.filter((range) => BigInt(range.until) > BigInt(range.from));
  if (wanted.length === 0) return;
  const consumer = new Consumer({ ...base, groupId: `${rangeReaderGroupPrefix}${randomUUID()}` });
  consumer.topics.track(topic);
  try {
    for (const range of wanted) await readRange(consumer, topic, range, visit);
  } finally {
    await consumer.close().catch(() => undefined);
  }
}

async function readRange(
  consumer: Consumer,
  topic: string,
  { partition, from, until }: PartitionRange,
  visit: (message: IncomingMessage) => Promise<void>,
): Promise<void> {
  const end = BigInt(until);
  let next = BigInt(from);
  while (next < end) {
    const [fetched] = await withBrokerErrors(
      fetchPartitions(consumer, [{ topic, partition, offset: next }], tuning),
    );
    if (!fetched) continue;
    if (fetched.outOfRange) {
      // Retention deleted the start of the range: read what is left of it.
      const [start] = await withBrokerErrors(logBoundaries(consumer, [{ topic, partition }], true));
      if (!start || start.offset <= next)
        throw new Error(`${topic}@${partition}: offset ${next} is out of range`);
      next = start.offset;
      continue;
    }
    for (const message of fetched.messages) {
      if (BigInt(message.offset) >= end) return;
      // A failed visit ends the read: the caller commits up to the last success.
      await visit(message);
    }
    next = fetched.next;
  }
}
