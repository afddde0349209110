import { deadLetterTopicOf, dlqRedriveGroup } from '@saga-shop/contracts';
import type { BrokerClient, IncomingMessage, PartitionRange } from '../broker/broker-client.js';
import { fromDeadLetter } from './dead-letters.js';

/** The consumer group whose committed offsets say which dead letters were already put back. */
export const redriveGroup = dlqRedriveGroup;

/**
 * The letters of each partition not yet put back, up to the end offsets taken now: letters parked
 * while a run goes on are left for the next run, never marked.
 */
async function pendingRanges(client: BrokerClient, dlq: string): Promise<PartitionRange[]> {
  const admin = await client.admin();
  try {
    const [ends, committed] = await Promise.all([
      admin.endOffsets(dlq),
      admin.committedOffsets(redriveGroup, dlq),
    ]);
    return [...ends].map(([partition, until]) => {
      const done = BigInt(committed.get(partition) ?? '-1');
      return { partition, from: (done < 0n ? 0n : done).toString(), until };
    });
  } finally {
    await admin.disconnect();
  }
}

async function lettersSince(client: BrokerClient, dlq: string, ranges: PartitionRange[]): Promise<number> {
  const admin = await client.admin();
  try {
    const ends = await admin.endOffsets(dlq);
    return ranges.reduce(
      (sum, range) => sum + Number(BigInt(ends.get(range.partition) ?? range.until) - BigInt(range.until)),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

/** The dead letters of `topic` that are not put back yet, read without marking anything. */
export async function listDeadLetters(client: BrokerClient, topic: string): Promise<IncomingMessage[]> {
  const dlq = deadLetterTopicOf(topic);
  const letters: IncomingMessage[] = [];
  await client.readRanges(dlq, await pendingRanges(client, dlq), async (letter) => {
    letters.push(letter);
  });
  return letters;
}

export interface RedriveReport {
  /** Letters put back on their topic in this run. */
  redriven: number;
  /** Letters parked while the run went on: left for the next run. */
  arrivedMeanwhile: number;
}

/**
 * Puts the dead letters of `topic` back on it, as they first arrived, each exactly once: the
 * partitions are read explicitly up to the end offsets taken at the start, and the redrive group's
 * offsets are committed explicitly, only up to the last letter that was republished.
 */
export async function redriveDeadLetters(client: BrokerClient, topic: string): Promise<RedriveReport> {
  const dlq = deadLetterTopicOf(topic);
  const ranges = await pendingRanges(client, dlq);
  const republished = new Map<number, string>();
  const producer = await client.producer();
  let redriven = 0;
  try {
    await client.readRanges(dlq, ranges, async (letter) => {
      await producer.send([fromDeadLetter(letter)]);
      republished.set(letter.partition, (BigInt(letter.offset) + 1n).toString());
      redriven += 1;
    });
  } finally {
    await producer.disconnect().catch(() => undefined);
    if (republished.size > 0) {
      const admin = await client.admin();
      await admin.commitOffsets(redriveGroup, dlq, republished).finally(() => admin.disconnect());
    }
  }
  return { redriven, arrivedMeanwhile: await lettersSince(client, dlq, ranges) };
}
