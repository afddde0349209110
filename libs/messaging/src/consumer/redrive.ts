import { randomUUID } from 'node:crypto';
import { deadLetterTopicOf } from '@saga-shop/contracts';
import type { BrokerClient, IncomingMessage } from '../broker/broker-client.js';
import { fromDeadLetter } from './dead-letters.js';

/** The consumer group that remembers which dead letters were already put back. */
export const redriveGroup = 'saga-shop-dlq-redrive';

/**
 * Visits the dead letters of `topic` that `groupId` has not seen, up to the end of the .dlq topic
 * as it was when the call began (letters parked meanwhile wait for the next run).
 */
async function visitDeadLetters(
  client: BrokerClient,
  topic: string,
  groupId: string,
  visit: (letter: IncomingMessage) => Promise<void>,
): Promise<number> {
  const dlq = deadLetterTopicOf(topic);
  const admin = await client.admin();
  const [ends, committed] = await Promise.all([admin.endOffsets(dlq), admin.committedOffsets(groupId, dlq)]);
  await admin.disconnect();
  const pending = [...ends].filter(
    ([partition, end]) => BigInt(end) > BigInt(Math.max(0, Number(committed.get(partition) ?? -1))),
  );
  if (pending.length === 0) return 0;

  const remaining = new Map(pending);
  let visited = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const consumer = await client.consumer({
    groupId,
    topics: [dlq],
    fromBeginning: true,
    handle: async (letter) => {
      const end = remaining.get(letter.partition);
      if (end === undefined || BigInt(letter.offset) >= BigInt(end)) return;
      await visit(letter);
      visited += 1;
      if (BigInt(letter.offset) + 1n >= BigInt(end)) remaining.delete(letter.partition);
      if (remaining.size === 0) finish();
    },
  });
  await done;
  // The last letter's offset is committed just after its visit: wait for it before leaving.
  await untilCommitted(client, groupId, dlq, pending);
  await consumer.disconnect();
  return visited;
}

async function untilCommitted(client: BrokerClient, groupId: string, dlq: string, ends: [number, string][]) {
  const admin = await client.admin();
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const committed = await admin.committedOffsets(groupId, dlq);
      if (ends.every(([partition, end]) => BigInt(committed.get(partition) ?? '-1') >= BigInt(end))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Every dead letter of `topic`, read without marking anything (a throw-away group). */
export async function listDeadLetters(client: BrokerClient, topic: string): Promise<IncomingMessage[]> {
  const letters: IncomingMessage[] = [];
  await visitDeadLetters(client, topic, `saga-shop-dlq-list-${randomUUID()}`, async (letter) => {
    letters.push(letter);
  });
  return letters;
}

/**
 * Puts the dead letters of `topic` back on it, as they first arrived, each exactly once: the
 * redrive group commits a letter only after it was republished.
 */
export async function redriveDeadLetters(client: BrokerClient, topic: string): Promise<number> {
  const producer = await client.producer();
  try {
    return await visitDeadLetters(client, topic, redriveGroup, (letter) =>
      producer.send([fromDeadLetter(letter)]),
    );
  } finally {
    await producer.disconnect();
  }
}
