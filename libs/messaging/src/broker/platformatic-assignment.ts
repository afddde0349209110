import type { Consumer } from '@platformatic/kafka';
import { logBoundaries, positionKey, type FetchPosition } from './platformatic-fetch.js';

/**
 * Where each partition of the member's new assignment starts: the group's committed offset, or
 * where this member had got to before the rebalance if that is further (it handled those messages
 * and only the commit was pending), or the log's start or end for a partition nobody committed.
 */
export async function takeAssignment(
  consumer: Consumer,
  previous: Map<string, FetchPosition>,
  fromBeginning: boolean,
): Promise<FetchPosition[]> {
  const assignments = consumer.assignments ?? [];
  const partitions = assignments.flatMap(({ topic, partitions: indexes }) =>
    indexes.map((partition) => ({ topic, partition })),
  );
  if (partitions.length === 0) return [];
  const committed = await consumer.listCommittedOffsets({ topics: assignments });
  const starts = partitions.map(({ topic, partition }) => {
    const offset = committed.get(topic)?.[partition] ?? -1n;
    const reached = previous.get(positionKey(topic, partition))?.offset ?? -1n;
    return { topic, partition, offset: reached > offset ? reached : offset };
  });
  const uncommitted = starts.filter((start) => start.offset < 0n);
  const boundaries = await logBoundaries(consumer, uncommitted, fromBeginning);
  return [...starts.filter((start) => start.offset >= 0n), ...boundaries];
}
