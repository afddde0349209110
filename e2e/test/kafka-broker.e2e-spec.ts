import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  brokerClientKinds,
  createBrokerClient,
  type BrokerAdmin,
  type BrokerClient,
  type IncomingMessage,
} from '@saga-shop/messaging';
import { localInfra, waitFor, adminBrokerOptions } from '@saga-shop/testing';

// Proves the broker is a real Apache Kafka that both adapters of the broker port can use on the
// pinned version: topic admin, produce, consume in a group with resolved (committed) offsets, and a
// broker restart that keeps both the data and the group's committed offset. The restart lives here,
// not in libs/messaging's contract suite: this project runs alone, so no other suite loses its broker.
describe.each(brokerClientKinds)('the local Kafka broker, through the %s adapter', (kind) => {
  const client: BrokerClient = createBrokerClient(adminBrokerOptions(`kafka-broker-e2e-${kind}`), kind);
  const topic = `smoke.test-${randomUUID().slice(0, 8)}.v1`;
  const groupId = `smoke-${randomUUID()}`;
  let admin: BrokerAdmin;

  async function consumeUntil(count: number): Promise<IncomingMessage[]> {
    const received: IncomingMessage[] = [];
    const consumer = await client.consumer({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        received.push(...batch.messages);
        const last = batch.messages.at(-1);
        if (last) batch.resolve(last.offset);
      },
    });
    try {
      await waitFor(async () => received.length >= count, { timeoutMs: 30_000, what: `${count} messages` });
      return received;
    } finally {
      await consumer.disconnect();
    }
  }

  async function produce(values: string[]) {
    const producer = await client.producer();
    try {
      await producer.send(
        values.map((value) => ({ topic, key: 'order-1', value, headers: { ce_id: value } })),
      );
    } finally {
      await producer.disconnect();
    }
  }

  beforeAll(async () => {
    admin = await client.admin();
    expect(await admin.ensureTopics([{ topic, partitions: 1 }])).toEqual([topic]);
  });

  afterAll(async () => {
    await admin.deleteTopics([topic]).catch(() => undefined);
    await admin.disconnect();
  });

  it('refuses to create topics implicitly (auto creation is off)', async () => {
    const producer = await client.producer();
    const unknownTopic = `never.created-${randomUUID().slice(0, 8)}.v1`;
    await expect(producer.send([{ topic: unknownTopic, key: 'k', value: 'v' }])).rejects.toThrow();
    await producer.disconnect();
    expect(await admin.listTopics()).not.toContain(unknownTopic);
  });

  it('delivers in order to a consumer group and keeps its committed offset', async () => {
    await produce(['first', 'second', 'third']);
    const received = await consumeUntil(3);
    expect(received.map((message) => message.value)).toEqual(['first', 'second', 'third']);
    expect(received[0]).toMatchObject({ key: 'order-1', headers: { ce_id: 'first' } });
    expect((await admin.committedOffsets(groupId, topic)).get(0)).toBe('3');
  });

  it('keeps topics, messages and committed offsets across a broker restart', async () => {
    await admin.disconnect();
    localInfra.down('kafka');
    localInfra.up('kafka');
    admin = await client.admin();

    expect(await admin.listTopics()).toContain(topic);
    expect((await admin.committedOffsets(groupId, topic)).get(0)).toBe('3');
    await produce(['after-restart']);
    // The group resumes after its committed offset: only the new message arrives.
    const received = await consumeUntil(1);
    expect(received.map((message) => message.value)).toEqual(['after-restart']);
  }, 180_000);

  it('keeps a consumer and a producer that stay up through a broker restart working', async () => {
    const received = new Set<string | null>();
    const consumer = await client.consumer({
      groupId: `smoke-survivor-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const message of batch.messages) received.add(message.value);
        const last = batch.messages.at(-1);
        if (last) batch.resolve(last.offset);
      },
    });
    const producer = await client.producer();
    try {
      await producer.send([{ topic, key: 'order-1', value: 'before-outage' }]);
      await waitFor(async () => received.has('before-outage'), { timeoutMs: 30_000, what: 'before-outage' });
      localInfra.down('kafka');
      // Longer than the clients' own retries and the group session: they must start over by themselves.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      localInfra.up('kafka');
      // A send may still meet a connection the restart cut: retried, as the outbox relay does.
      await waitFor(
        () => producer.send([{ topic, key: 'order-1', value: 'after-outage' }]).then(() => true),
        { timeoutMs: 60_000, what: 'a send after the restart' },
      );
      await waitFor(async () => received.has('after-outage'), { timeoutMs: 90_000, what: 'after-outage' });
    } finally {
      await producer.disconnect().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    }
  }, 240_000);
});
