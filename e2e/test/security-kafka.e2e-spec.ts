import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import kafkajs, { type Consumer, type Producer } from 'kafkajs';
import {
  consoleKafkaAccess,
  consolePrincipal,
  consumerGroupOf,
  events,
  kafkaAccessOf,
  kafkaPrincipalOf,
  sagaServices,
  topics,
  type Topic,
} from '@saga-shop/contracts';
import { aclGrantsOf, brokerClientKindFrom, createBrokerClient } from '@saga-shop/messaging';
import {
  adminBrokerOptions,
  serviceBrokerOptions,
  workspaceRoot,
  type TestBrokerOptions,
} from '@saga-shop/testing';

// Attacks on the local broker (infra/local/lib/kafka.sh): every listener needs SASL, each service
// is its own SCRAM principal, and its ACLs, derived from libs/contracts, let it write only its own
// event types, read only what it consumes, and join only its own consumer group.
const { Kafka, logLevel } = kafkajs;
const opened: (Producer | Consumer)[] = [];
afterAll(() => Promise.all(opened.map((client) => client.disconnect().catch(() => undefined))));

/**
 * The allowed send put a poison message ('{}') on a real saga topic. Left there, the next suite's
 * services would dead-letter it while that suite counts its own dead letters; so every group that
 * consumes the topic and has read up to it moves past it (a group with no offset yet starts at the
 * end). No stack runs in this suite, so the groups are empty and their offsets may be set.
 * Resolves with each moved group's committed offset, read back, beside the record's.
 */
async function skipSentRecords(): Promise<{ groupId: string; record: bigint; committed: bigint }[]> {
  const admin = kafkaAs(adminBrokerOptions('attack-cleanup')).admin();
  const committedOffset = async (groupId: string, topic: Topic, partition: number) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const offset = offsets?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
    return BigInt(offset);
  };
  await admin.connect();
  try {
    const moved: { groupId: string; record: bigint; committed: bigint }[] = [];
    for (const { topic, partition, offset } of sentRecords) {
      const record = BigInt(offset);
      for (const service of events[topic].consumers) {
        const groupId = consumerGroupOf(service);
        const committed = await committedOffset(groupId, topic, partition);
        if (committed < 0n || committed > record) continue;
        const past = (record + 1n).toString();
        await admin.setOffsets({ groupId, topic, partitions: [{ partition, offset: past }] });
        moved.push({ groupId, record, committed: await committedOffset(groupId, topic, partition) });
      }
    }
    return moved;
  } finally {
    await admin.disconnect();
  }
}

function kafkaAs(options: TestBrokerOptions) {
  return new Kafka({
    ...options,
    sasl: options.sasl as never, // kafkajs types one mechanism per literal
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
    connectionTimeout: 3_000,
  });
}

/** The record an allowed send left on a saga topic: skipped for its consumers afterwards. */
const sentRecords: { topic: Topic; partition: number; offset: string }[] = [];

async function sendAs(service: string, topic: Topic): Promise<string> {
  // As the services' relay sends: idempotent, acks=all (authorization errors are not retried).
  const producer = kafkaAs(serviceBrokerOptions(service, `attack-${service}`)).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  opened.push(producer);
  try {
    await producer.connect();
    const [written] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: randomUUID(), value: '{}' }],
    });
    if (written?.baseOffset)
      sentRecords.push({ topic, partition: written.partition, offset: written.baseOffset });
    return 'sent';
  } catch (error) {
    return (error as { type?: string }).type ?? (error as Error).message;
  }
}

/** Joins `groupId` as `service`, reading `topic`; resolves with what the broker said. */
async function joinAs(service: string, groupId: string, topic: string): Promise<string> {
  const consumer = kafkaAs(serviceBrokerOptions(service, `attack-${service}`)).consumer({
    groupId,
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  opened.push(consumer);
  const outcome = new Promise<string>((resolve) => {
    consumer.on(consumer.events.CRASH, (event) => {
      const error = event.payload.error as { type?: string; message: string };
      resolve(error.type ?? error.message);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => resolve('joined'));
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ eachMessage: async () => undefined });
  } catch (error) {
    return (error as { type?: string }).type ?? (error as Error).message;
  }
  return outcome;
}

describe('Kafka principals and ACLs', () => {
  it('lets payment publish its own event type', async () => {
    expect(await sendAs('payment', topics.paymentCapturedV1)).toBe('sent');
    const skipped = await skipSentRecords();
    // Every consuming group that had read up to the record is now past it.
    for (const { committed, record } of skipped) expect(committed).toBeGreaterThan(record);
  });

  it.each([
    ['payment', topics.orderPlacedV1],
    ['order', topics.paymentCapturedV1],
    ['inventory', topics.fulfilmentShippedV1],
    ['fulfilment', topics.inventoryReservedV1],
  ])("refuses %s publishing another service's %s (TOPIC_AUTHORIZATION_FAILED)", async (service, topic) => {
    // Metadata already refuses a topic the principal may not even describe; the produce request
    // refuses one it reads but may not write. Either way the broker's topic authorization.
    expect(await sendAs(service, topic)).toMatch(/TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/);
  });

  it("lets payment join its own consumer group, and refuses it order's", async () => {
    expect(await joinAs('payment', 'saga-shop-payment', topics.inventoryReservedV1)).toBe('joined');
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED; kafkajs reports that
    // as a coordinator it cannot find (the same call for the principal's own group succeeds).
    expect(await joinAs('payment', 'saga-shop-order', topics.inventoryReservedV1)).toBe(
      'Failed to find group coordinator',
    );
  }, 30_000);

  it('refuses payment reading a topic it does not consume, in its own group', async () => {
    expect(await joinAs('payment', 'saga-shop-payment', topics.fulfilmentShippedV1)).toMatch(
      /TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/,
    );
  }, 30_000);

  it('holds exactly the ACLs derived from libs/contracts for each service and the console, and SCRAM users for all', async () => {
    const admin = await createBrokerClient(
      adminBrokerOptions('acl-check'),
      brokerClientKindFrom(process.env['KAFKA_CLIENT']),
    ).admin();
    try {
      for (const access of [...sagaServices.map(kafkaAccessOf), consoleKafkaAccess()]) {
        // Re-applying the derived set changes nothing: the broker holds exactly it.
        expect(await admin.replaceAcls(`User:${access.principal}`, aclGrantsOf(access))).toEqual({
          created: 0,
          deleted: 0,
        });
      }
    } finally {
      await admin.disconnect();
    }
    expect(scramUsersOfLocalBroker().sort()).toEqual(
      [...sagaServices.map(kafkaPrincipalOf), consolePrincipal].sort(),
    );
  });
});

/** The SCRAM users infra/local/lib/kafka.sh creates, as bash computes them (from the manifests). */
function scramUsersOfLocalBroker(): string[] {
  const script = `source infra/local/lib/kafka.sh && printf '%s\\n' "\${KAFKA_SERVICE_USERS[@]}"`;
  const stdout = execFileSync('bash', ['-c', script], {
    cwd: workspaceRoot,
    env: { ...process.env, REPO_ROOT: workspaceRoot, SAGA_CACHE_DIR: '', SAGA_DATA_DIR: '', LOG_DIR: '' },
    encoding: 'utf8',
  });
  return stdout.split('\n').filter(Boolean);
}
