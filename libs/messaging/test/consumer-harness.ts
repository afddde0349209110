import { randomUUID } from 'node:crypto';
import { encodeEvent, events, newEvent, type AnySagaEvent, type EncodedEvent } from '@saga-shop/contracts';
import type { BrokerClient, IncomingMessage } from '../src/broker/broker-client.js';
import type { SagaBatchHandler } from '../src/consumer/batch-handler.js';
import { ConsumerHealth } from '../src/consumer/consumer-health.js';
import { EventConsumer } from '../src/consumer/event-consumer.js';
import { PermanentFailure } from '../src/consumer/failures.js';
import { statement } from '../src/sql/statement.js';
import { TransactionRunner } from '../src/transaction/transaction-runner.js';
import { scratchSchema } from './scratch-schema.js';

export const topic = events['order.placed.v1'].type;

/** An order.placed event of `orderId` (every event of one order lands on one partition). */
export function placed(orderId: string): { event: AnySagaEvent; message: EncodedEvent } {
  const event = newEvent('order.placed.v1', {
    ...structuredClone(events['order.placed.v1'].example),
    orderId,
  });
  return { event, message: encodeEvent(event) };
}

const recordEffects = statement(
  'test-effects-insert',
  'INSERT INTO effects (event_id, order_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])',
);

/**
 * How the test's reaction behaves for an event id: fail N times with an error of a class, throw
 * something permanent, or publish an event that breaks its own contract.
 */
export type Behaviour =
  { fail: 'transient' | 'outage'; times: number } | { fail: 'permanent' } | { fail: 'publishes-invalid' };

/**
 * A real consumer on order.placed.v1 (a private group that starts at the topic's current end) over
 * a scratch schema whose `effects` table records each applied event: the reaction's effect.
 */
export class ConsumerHarness {
  readonly behaviours = new Map<string, Behaviour>();
  /** The event ids of every batch the handler was asked to apply, in order. */
  readonly attempts: string[][] = [];
  /** Where each applied event was read: partition and offset. */
  readonly positions = new Map<string, { partition: number; offset: string }>();
  readonly health = new ConsumerHealth();
  private consumer: EventConsumer | undefined;

  private constructor(
    readonly client: BrokerClient,
    readonly schema: Awaited<ReturnType<typeof scratchSchema>>,
    readonly groupId: string,
  ) {}

  static async open(client: BrokerClient): Promise<ConsumerHarness> {
    const schema = await scratchSchema();
    await schema.pool.query('CREATE TABLE effects (event_id UUID PRIMARY KEY, order_id UUID NOT NULL)');
    return new ConsumerHarness(client, schema, `consumer-int-${randomUUID()}`);
  }

  /** Starts (another) consumer in `groupId`, beginning where the group left off, or at the end. */
  async start(groupId = this.groupId): Promise<void> {
    await startAtEnd(this.client, groupId, topic);
    const runner = new TransactionRunner({ pool: this.schema.pool });
    this.consumer = new EventConsumer({
      client: this.client,
      groupId,
      topics: [topic],
      runner,
      handler: this.handler(),
      health: this.health,
      retry: { attempts: 4, initialDelayMs: 20, maxDelayMs: 100 },
      fetch: { maxWaitMs: 50 },
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.schema.drop();
  }

  async effectsOf(orderId: string): Promise<string[]> {
    const { rows } = await this.schema.pool.query<{ event_id: string }>(
      'SELECT event_id FROM effects WHERE order_id = $1 ORDER BY event_id',
      [orderId],
    );
    return rows.map((row) => row.event_id);
  }

  private handler(): SagaBatchHandler {
    return {
      apply: async (tx, consumed) => {
        this.attempts.push(consumed.map(({ event }) => event.id));
        for (const { event, message } of consumed) {
          this.positions.set(event.id, { partition: message.partition, offset: message.offset });
        }
        for (const { event } of consumed) this.misbehave(event, tx.publish.bind(tx));
        await tx.execute(recordEffects, [
          consumed.map(({ event }) => event.id),
          consumed.map(({ event }) => event.orderId),
        ]);
      },
    };
  }

  private misbehave(event: AnySagaEvent, publish: (event: AnySagaEvent) => void): void {
    const behaviour = this.behaviours.get(event.id);
    if (!behaviour) return;
    if (behaviour.fail === 'permanent') throw new PermanentFailure('bad data (injected)');
    if (behaviour.fail === 'publishes-invalid') {
      publish(
        newEvent('inventory.rejected.v1', { orderId: 'not-a-uuid', reason: 'OUT_OF_STOCK', unavailable: [] }),
      );
      return;
    }
    if (behaviour.times <= 0) return;
    behaviour.times -= 1;
    if (behaviour.fail === 'outage') {
      throw Object.assign(new Error('terminating connection due to administrator command (injected)'), {
        code: '57P01',
      });
    }
    throw new Error('business rule not satisfied yet (injected)');
  }
}

/** A new group starts at the topic's end, so a test never re-reads what other runs left there. */
export async function startAtEnd(client: BrokerClient, groupId: string, topicName: string): Promise<void> {
  const admin = await client.admin();
  try {
    const committed = await admin.committedOffsets(groupId, topicName);
    if ([...committed.values()].some((offset) => BigInt(offset) >= 0n)) return;
    await admin.commitOffsets(groupId, topicName, await admin.endOffsets(topicName));
  } finally {
    await admin.disconnect();
  }
}

/** Collects what lands on `<topic>.dlq` from now on, for the messages a test marks as its own. */
export async function readDeadLetters(client: BrokerClient, runId: string) {
  const letters: IncomingMessage[] = [];
  const groupId = `consumer-int-dlq-${runId}`;
  await startAtEnd(client, groupId, `${topic}.dlq`);
  const reader = await client.consumer({
    groupId,
    topics: [`${topic}.dlq`],
    handleBatch: async (batch) => {
      for (const letter of batch.messages) if (letter.headers['test_run'] === runId) letters.push(letter);
      const last = batch.messages.at(-1);
      if (last) batch.resolve(last.offset);
    },
  });
  return { letters, stop: () => reader.disconnect() };
}
