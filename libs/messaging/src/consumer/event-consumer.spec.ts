import { describe, expect, it } from '@jest/globals';
import type { BrokerClient, ConsumerOptions } from '../broker/broker-client.js';
import type { TransactionRunner } from '../transaction/transaction-runner.js';
import { ConsumerHealth } from './consumer-health.js';
import { EventConsumer } from './event-consumer.js';

/** A broker whose subscriptions the test can crash, recording every subscription made. */
function fakeBroker() {
  const subscriptions: ConsumerOptions[] = [];
  const client: BrokerClient = {
    consumer: async (options) => {
      subscriptions.push(options);
      return { disconnect: async () => undefined };
    },
    producer: async () => ({ send: async () => undefined, disconnect: async () => undefined }),
    admin: async () => {
      throw new Error('not used');
    },
    readRanges: async () => undefined,
  };
  return { client, subscriptions };
}

const waitUntil = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('EventConsumer', () => {
  it('is not ready while the client has given up on it, and subscribes again', async () => {
    const { client, subscriptions } = fakeBroker();
    const health = new ConsumerHealth();
    const consumer = new EventConsumer({
      client,
      groupId: 'crash-test',
      topics: ['order.placed.v1'],
      runner: {} as TransactionRunner,
      handler: { apply: async () => undefined },
      health,
    });
    await consumer.start();
    expect(health.ready).toBe(true);
    subscriptions[0]!.onCrash?.(new Error('KafkaJSNonRetriableError: group coordinator gone'));
    expect(health.current).toMatchObject({ state: 'crashed', reason: expect.stringMatching(/coordinator/) });
    expect(health.ready).toBe(false);
    await waitUntil(() => subscriptions.length === 2);
    await waitUntil(() => health.ready);
    await consumer.stop();
    expect(health.current.state).toBe('stopped');
  });

  it('does not resubscribe after it was stopped', async () => {
    const { client, subscriptions } = fakeBroker();
    const consumer = new EventConsumer({
      client,
      groupId: 'crash-after-stop',
      topics: ['order.placed.v1'],
      runner: {} as TransactionRunner,
      handler: { apply: async () => undefined },
    });
    await consumer.start();
    await consumer.stop();
    subscriptions[0]!.onCrash?.(new Error('late crash'));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(subscriptions).toHaveLength(1);
  });
});
