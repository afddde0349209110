import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { allTopics, deadLetterTopicOf, encodeEvent, events, newEvent } from '@saga-shop/contracts';
import { brokerClientKindFrom, createBrokerClient, type IncomingMessage } from '@saga-shop/messaging';
import {
  SagaClient,
  SagaStack,
  expectSagaInvariants,
  localInfra,
  readCounter,
  readSince,
  readTopics,
  topicEnds,
  serviceNames,
  waitFor,
  adminBrokerOptions,
} from '@saga-shop/testing';

// The saga under faults: crashes, a broker outage, poison messages and redelivered events.
const stack = new SagaStack();
const client = new SagaClient(stack);
const kafka = createBrokerClient(
  adminBrokerOptions('saga-failures-e2e'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);
// Consumer groups per topic, from the topology in libs/contracts: a redelivery is skipped once per group.
const consumerGroups: Record<string, number> = Object.fromEntries(
  allTopics.map((topic) => [topic, events[topic].consumers.length]),
);
const mix = [
  {},
  { paymentMethod: 'card_declined' },
  { country: 'AQ' },
  { paymentMethod: 'card_flaky' },
] as const;

function placeMix(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => client.placeOrder(mix[index % mix.length])));
}

async function sumCounter(name: string): Promise<number> {
  const values = await Promise.all(serviceNames.map((service) => readCounter(stack.url(service), name)));
  return values.reduce((sum, value) => sum + value, 0);
}

describe('saga under failure', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('finishes every order when each service in turn is killed (SIGKILL) mid-saga and restarted', async () => {
    const orderIds: string[] = [];
    for (const name of serviceNames) {
      orderIds.push(...(await placeMix(8)));
      await stack.services[name].kill();
      // The order service takes the POSTs: the others keep working while it is down.
      if (name !== 'order') orderIds.push(...(await placeMix(4)));
      await stack.services[name].start(60_000);
    }
    await Promise.all(orderIds.map((orderId) => client.waitForTerminal(orderId, 120_000)));
    await expectSagaInvariants(orderIds);
  }, 300_000);

  it('loses no order when each service in turn stops gracefully (SIGTERM, exit 0) under load', async () => {
    const accepted: string[] = [];
    let placing = true;
    const load = (async () => {
      // Bounded: one order every 25 ms while the restarts run, 400 at the most.
      for (let sent = 0; placing && sent < 400; sent += 1) {
        const orderId = await client.placeOrder(mix[sent % mix.length]).catch(() => undefined);
        if (orderId) accepted.push(orderId);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    // The order service last: while it restarts, POSTs are refused (and not counted).
    for (const name of ['inventory', 'payment', 'fulfilment', 'order'] as const) {
      expect(await stack.services[name].stop()).toBe(0);
      await stack.services[name].start(60_000);
    }
    placing = false;
    await load;
    expect(accepted.length).toBeGreaterThan(20);
    await Promise.all(accepted.map((orderId) => client.waitForTerminal(orderId, 120_000)));
    await expectSagaInvariants(accepted);
  }, 300_000);

  it('loses nothing and applies nothing twice while Kafka is down, then back', async () => {
    const before = await placeMix(8);
    localInfra.down('kafka');
    try {
      // No request touches Kafka: orders are accepted while it is down, their events wait in the outbox.
      const during = await placeMix(8);
      const ready = await fetch(`${stack.url('order')}/health/ready`);
      expect(ready.status).toBe(503);
      before.push(...during);
    } finally {
      localInfra.up('kafka');
    }
    await Promise.all(before.map((orderId) => client.waitForTerminal(orderId, 180_000)));
    await expectSagaInvariants(before);
  }, 300_000);

  it('parks malformed and unknown messages of every topic in its .dlq, and later orders still flow', async () => {
    const marker = randomUUID();
    const producer = await kafka.producer();
    const valid = encodeEvent(
      newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example)),
    );
    await producer.send(
      allTopics.flatMap((topic) => [
        {
          topic,
          key: `poison-json-${marker}`,
          value: '{oops',
          headers: { ...valid.headers, ce_type: topic, test_marker: marker },
        },
        {
          topic,
          key: `poison-type-${marker}`,
          value: valid.value,
          headers: { ...valid.headers, ce_type: 'order.eaten.v1', test_marker: marker },
        },
      ]),
    );
    await producer.disconnect();

    // Every topic has at least one consumer group, and each group parks both messages.
    const letters = await readTopics(
      kafka,
      allTopics.map(deadLetterTopicOf),
      (message: IncomingMessage) => message.headers['test_marker'] === marker,
      (kept) =>
        allTopics.every(
          (topic) => kept.filter((letter) => letter.headers['dlq_original_topic'] === topic).length >= 2,
        ),
      60_000,
    );
    expect(letters.every((letter) => letter.headers['dlq_error_kind'] === 'contract-violation')).toBe(true);

    const orderId = await client.placeOrder();
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');
    await expectSagaInvariants([orderId]);
  }, 120_000);

  it('changes nothing when every event of finished orders is delivered again', async () => {
    // Only what this test's orders write is read back, never what earlier runs left on the topics.
    const start = await topicEnds(kafka, allTopics);
    const orderIds = await placeMix(8);
    await Promise.all(orderIds.map((orderId) => client.waitForTerminal(orderId)));
    await expectSagaInvariants(orderIds);
    const mine = new Set(orderIds);
    // Wait until the last compensations were published too, then replay everything seen.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const replay = await readSince(kafka, start, (message: IncomingMessage) => mine.has(message.key ?? ''));
    for (const orderId of orderIds) expect(replay.some((message) => message.key === orderId)).toBe(true);
    const settled = await Promise.all(orderIds.map((orderId) => client.getOrder(orderId)));
    const expectedSkips = replay.reduce((sum, message) => sum + (consumerGroups[message.topic] ?? 0), 0);

    const duplicatesBefore = await sumCounter('consumer_messages_duplicate_total');
    const producer = await kafka.producer();
    await producer.send(
      replay.map(({ topic, key, value, headers }) => ({
        topic,
        key: key ?? '',
        value: value ?? '',
        headers,
      })),
    );
    await producer.disconnect();

    await waitFor(
      async () => (await sumCounter('consumer_messages_duplicate_total')) - duplicatesBefore >= expectedSkips,
      { timeoutMs: 60_000, what: `${expectedSkips} redeliveries skipped` },
    );
    // Not one history entry, status or amount changed.
    expect(await Promise.all(orderIds.map((orderId) => client.getOrder(orderId)))).toEqual(settled);
    await expectSagaInvariants(orderIds);
  }, 180_000);
});
