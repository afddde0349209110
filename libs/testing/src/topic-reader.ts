import { randomUUID } from 'node:crypto';
import { waitFor } from './wait-for.js';

// Structural, so the harness needs no import of @saga-shop/messaging (whose tests use the harness).
interface ReadMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}
interface ReadingClient {
  consumer(options: {
    groupId: string;
    topics: string[];
    fromBeginning: boolean;
    handle(message: ReadMessage): Promise<void>;
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
    handle: async (message) => {
      if (keep(message as Message)) kept.push(message as Message);
    },
  });
  try {
    await waitFor(async () => enough(kept), { timeoutMs, what: `messages on ${topics.join(', ')}` });
    return kept;
  } finally {
    await consumer.disconnect();
  }
}
