import { randomUUID } from 'node:crypto';
import { waitFor } from './wait-for.js';

// Structural, so the harness needs no import of @saga-shop/messaging (whose tests use the harness).
interface ReadMessage {
  topic: string;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}
interface ReadBatch {
  messages: readonly ReadMessage[];
  resolve(offset: string): void;
}
interface ReadingClient {
  consumer(options: {
    groupId: string;
    topics: string[];
    fromBeginning: boolean;
    handleBatch(batch: ReadBatch): Promise<void>;
  }): Promise<{ disconnect(): Promise<void> }>;
}

/**
 * Reads `topics` from the beginning with a throw-away consumer group until `enough` holds for the
 * messages kept by `keep`, then leaves the group.
 */
export async function readTopics<Message extends ReadMessage>(
  client: ReadingClient,
  topics: string[],
  keep: (message: Message) => boolean,
  enough: (kept: Message[]) => boolean,
  timeoutMs = 30_000,
): Promise<Message[]> {
  const kept: Message[] = [];
  const consumer = await client.consumer({
    groupId: `test-reader-${randomUUID()}`,
    topics,
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) if (keep(message as Message)) kept.push(message as Message);
      // Resolved, or the adapter fetches the same messages again.
      const last = batch.messages.at(-1);
      if (last) batch.resolve(last.offset);
    },
  });
  try {
    await waitFor(async () => enough(kept), { timeoutMs, what: `messages on ${topics.join(', ')}` });
    return kept;
  } finally {
    await consumer.disconnect();
  }
}

interface RangeReadingClient {
  admin(): Promise<{ endOffsets(topic: string): Promise<Map<number, string>>; disconnect(): Promise<void> }>;
  readRanges(
    topic: string,
    ranges: { partition: number; from: string; until: string }[],
    visit: (message: ReadMessage) => Promise<void>,
  ): Promise<void>;
}

/** Where each partition of each topic ends now: take it before the messages a test wants to read. */
export async function topicEnds(
  client: RangeReadingClient,
  topics: readonly string[],
): Promise<Map<string, Map<number, string>>> {
  const admin = await client.admin();
  try {
    return new Map(
      await Promise.all(topics.map(async (topic) => [topic, await admin.endOffsets(topic)] as const)),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message written to the topics of `since` after it was taken, up to where they end now,
 * that `keep` accepts. Reads just that range, so a test does not scan what earlier runs (a bench)
 * left on the topics.
 */
export async function readSince<Message extends ReadMessage>(
  client: RangeReadingClient,
  since: Map<string, Map<number, string>>,
  keep: (message: Message) => boolean,
): Promise<Message[]> {
  const now = await topicEnds(client, [...since.keys()]);
  const kept: Message[] = [];
  await Promise.all(
    [...now].map(([topic, ends]) => {
      const ranges = [...ends].map(([partition, until]) => ({
        partition,
        from: since.get(topic)?.get(partition) ?? '0',
        until,
      }));
      // Empty ranges (nothing written since) are skipped by the reader itself.
      return client.readRanges(topic, ranges, async (message) => {
        if (keep(message as Message)) kept.push(message as Message);
      });
    }),
  );
  return kept;
}
