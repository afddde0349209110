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
