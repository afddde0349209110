import {
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  stringSerializers,
  type BaseOptions,
} from '@platformatic/kafka';
import type { BrokerClient, BrokerProducer, OutgoingMessage } from './broker-client.js';
import type { BrokerConnectionOptions } from './connection-options.js';
import { connectPlatformaticAdmin } from './platformatic-admin.js';
import { platformaticBaseOptions, withBrokerErrors } from './platformatic-connection.js';
import { startPlatformaticConsumer } from './platformatic-consumer.js';
import { readRangesWithPlatformatic } from './platformatic-ranges.js';

/** The @platformatic/kafka implementation of the broker port (KAFKA_CLIENT=platformatic). */
export function createPlatformaticBrokerClient(options: BrokerConnectionOptions): BrokerClient {
  const base = platformaticBaseOptions(options);
  const warn = options.onWarning ?? (() => undefined);
  return {
    producer: () => connectProducer(base),
    consumer: (consumerOptions) => startPlatformaticConsumer(base, consumerOptions, warn),
    admin: () => connectPlatformaticAdmin(base),
    readRanges: (topic, ranges, visit) => readRangesWithPlatformatic(base, topic, ranges, visit),
  };
}

async function connectProducer(base: BaseOptions): Promise<BrokerProducer> {
  // Idempotent, so acks=all and one request in flight per broker: a retried send never duplicates
  // or reorders within a partition. The Java (and kafkajs) partitioner: the library's default one
  // puts about half of all keys on another partition, so an order's events would move when a
  // service switches adapter, and lose their order across the switch.
  const producer = new Producer({
    ...base,
    idempotent: true,
    acks: ProduceAcks.ALL,
    partitioner: compatibilityPartitioner,
    serializers: stringSerializers,
  });
  // What kafkajs' connect does for an idempotent producer: fail now if the broker cannot be reached.
  await withBrokerErrors(producer.initIdempotentProducer({})).catch(async (error: unknown) => {
    await producer.close().catch(() => undefined);
    throw error;
  });
  // One send at a time. The library numbers each send's batches when it is called, and a partition
  // refused for a moment (NOT_LEADER_OR_FOLLOWER, as right after a topic is created or a leader
  // moves) makes a later send overtake an earlier one: the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER,
  // and the library then resends the whole request under a new producer id, so the partitions that
  // had been written already get every message twice (seen in the contract suite: 22 of 20).
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(operation: () => Promise<T>): Promise<T> => {
    const turn = previous.then(operation, operation);
    previous = turn.catch(() => undefined);
    return turn;
  };
  return {
    async send(messages: OutgoingMessage[]) {
      if (messages.length === 0) return;
      const records = messages.map(({ topic, key, value, headers }) => ({
        topic,
        key,
        value,
        ...(headers ? { headers } : {}),
      }));
      await oneAtATime(() => withBrokerErrors(producer.send({ messages: records })));
    },
    // After the sends already queued, which a close would otherwise fail half-way through.
    disconnect: () => oneAtATime(() => withBrokerErrors(producer.close())),
  };
}
