import { readTopics } from '@saga-shop/testing';
import type { BrokerAdmin, BrokerClient, IncomingMessage } from '../src/broker/broker-client.js';

const distinct = (messages: IncomingMessage[]) => [
  ...new Map(messages.map((message) => [`${message.partition}:${message.offset}`, message])).values(),
];

/**
 * The first `count` messages of `topic`, each once. readTopics never resolves what it reads, so
 * the consumer fetches a batch again and again: tell the messages apart by partition and offset.
 */
export async function distinctMessages(client: BrokerClient, topic: string, count: number) {
  const read = await readTopics<IncomingMessage>(
    client,
    [topic],
    () => true,
    (kept) => distinct(kept).length >= count,
  );
  return distinct(read);
}

/** How many messages were ever appended to `topic` (a fresh one: nothing was deleted). */
export async function appendedCount(admin: BrokerAdmin, topic: string): Promise<number> {
  const ends = await admin.endOffsets(topic);
  return [...ends.values()].reduce((sum, end) => sum + Number(end), 0);
}
