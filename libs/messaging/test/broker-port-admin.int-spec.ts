import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { adminBrokerOptions, waitFor } from '@saga-shop/testing';
import type { AclGrant, IncomingMessage } from '../src/broker/broker-client.js';
import { brokerClientKinds } from '../src/broker/connection-options.js';
import { openDuringSuite, PortHarness } from './broker-port-harness.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const nameOf = (codes: object, code: number) =>
  Object.entries(codes).find(([, value]) => value === code)?.[0];

/** `principal`'s ACLs as the broker lists them to a plain kafkajs admin: no adapter code involved. */
async function describedAcls(principal: string): Promise<string[]> {
  const { brokers, sasl } = adminBrokerOptions('port-acl-check');
  const login = { mechanism: 'plain' as const, username: sasl.username, password: sasl.password };
  const admin = new kafkajs.Kafka({ brokers, sasl: login, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources
      .flatMap((resource) =>
        resource.acls.map((acl) =>
          [
            nameOf(AclResourceTypes, resource.resourceType),
            resource.resourceName,
            nameOf(ResourcePatternTypes, resource.resourcePatternType),
            nameOf(AclOperationTypes, acl.operation),
            nameOf(AclPermissionTypes, acl.permissionType),
          ].join(' '),
        ),
      )
      .sort();
  } finally {
    await admin.disconnect();
  }
}

// The broker port's contract for administration, range reads and re-producing what was consumed
// (the dead-letter path), against every adapter on the real broker.
describe.each(brokerClientKinds)('broker port through %s: admin, ranges, re-producing', (kind) => {
  const port = new PortHarness(kind);
  const other = new PortHarness(kind === 'kafkajs' ? 'platformatic' : 'kafkajs');

  openDuringSuite(port, other);

  it('creates only the topics that are missing, and lists and deletes them', async () => {
    const topic = `port-admin.test-${randomUUID().slice(0, 8)}.v1`;
    expect(await port.admin.ensureTopics([{ topic, partitions: 3 }])).toEqual([topic]);
    expect(await port.admin.ensureTopics([{ topic, partitions: 3 }])).toEqual([]);
    expect(await port.admin.listTopics()).toContain(topic);
    // Usable at once: every partition has a leader.
    expect([...(await port.admin.endOffsets(topic)).keys()].sort()).toEqual([0, 1, 2]);
    await port.admin.deleteTopics([topic]);
    await waitFor(async () => !(await port.admin.listTopics()).includes(topic), { what: `${topic} gone` });
  });

  it('describes the cluster', async () => {
    const cluster = await port.admin.describeCluster();
    expect(cluster.clusterId).toMatch(/^\S{10,}$/);
    expect(cluster.brokers).toBeGreaterThanOrEqual(1);
    expect(typeof cluster.controllerId).toBe('number');
  });

  it("reads a topic's start and end offsets, and a group's committed offsets, and sets them", async () => {
    const topic = await port.freshTopic(2, 'port-admin');
    await port.send(['a', 'b', 'c'].map((value) => ({ topic, key: 'k', value })));
    const ends = await port.admin.endOffsets(topic);
    expect([...ends.values()].map(Number).sort()).toEqual([0, 3]);
    expect([...(await port.admin.startOffsets(topic)).values()]).toEqual(['0', '0']);
    const groupId = `port-admin-${topic}`;
    expect(await port.admin.committedOffsets(groupId, topic)).toEqual(
      new Map([
        [0, '-1'],
        [1, '-1'],
      ]),
    );
    const written = [...ends].find(([, end]) => end === '3')![0];
    await port.admin.commitOffsets(groupId, topic, new Map([[written, '2']]));
    expect((await port.admin.committedOffsets(groupId, topic)).get(written)).toBe('2');
    expect((await other.admin.committedOffsets(groupId, topic)).get(written)).toBe('2');
    // A member of the group starts there.
    const member = await port.record(topic, { groupId });
    await member.waitForValues(1);
    expect(member.values()).toEqual(['c']);
  });

  it("makes a principal's ACLs exactly the grants: creates, deletes, and changes nothing the second time", async () => {
    const principal = `User:port-contract-${randomUUID().slice(0, 8)}`;
    const grants: AclGrant[] = [
      { resource: 'topic', name: 'port.acl.v1', operation: 'read' },
      { resource: 'topic', name: 'port.acl.v1', operation: 'describe' },
      { resource: 'group', name: 'port-acl-', operation: 'read', pattern: 'prefixed' },
    ];
    try {
      expect(await port.admin.replaceAcls(principal, grants)).toEqual({ created: 3, deleted: 0 });
      expect(await describedAcls(principal)).toEqual([
        'GROUP port-acl- PREFIXED READ ALLOW',
        'TOPIC port.acl.v1 LITERAL DESCRIBE ALLOW',
        'TOPIC port.acl.v1 LITERAL READ ALLOW',
      ]);
      expect(await port.admin.replaceAcls(principal, grants)).toEqual({ created: 0, deleted: 0 });
      // The other adapter sees exactly the same ACLs: both speak Kafka's codes, not their own.
      expect(await other.admin.replaceAcls(principal, grants)).toEqual({ created: 0, deleted: 0 });
      const changed: AclGrant[] = [
        grants[0]!,
        { resource: 'topic', name: 'port.acl.v1', operation: 'write' },
      ];
      expect(await port.admin.replaceAcls(principal, changed)).toEqual({ created: 1, deleted: 2 });
    } finally {
      expect(await port.admin.replaceAcls(principal, [])).toEqual({ created: 0, deleted: 2 });
    }
  });

  it('reads exactly the offset ranges asked for, in order per partition, outside any group', async () => {
    const topic = await port.freshTopic(2, 'port-ranges');
    await port.send(
      [...Array(10).keys()].map((index) => ({
        topic,
        key: 'k',
        value: `v${index}`,
        headers: { n: String(index) },
      })),
    );
    const ends = await port.admin.endOffsets(topic);
    const full = [...ends].find(([, end]) => end === '10')![0];
    const empty = full === 0 ? 1 : 0;
    const read: IncomingMessage[] = [];
    const ranges = [
      { partition: full, from: '2', until: '7' },
      { partition: empty, from: '0', until: '0' },
    ];
    await port.client.readRanges(topic, ranges, async (message) => void read.push(message));
    expect(read.map((message) => [message.partition, message.offset, message.value])).toEqual(
      [2, 3, 4, 5, 6].map((offset) => [full, String(offset), `v${offset}`]),
    );
    expect(read[0]).toMatchObject({ key: 'k', headers: { n: '2' } });
    // A failing visit ends the read with its error, and nothing after it is visited.
    const visited: string[] = [];
    const failing = port.client.readRanges(
      topic,
      [{ partition: full, from: '0', until: '10' }],
      async (message) => {
        visited.push(message.offset);
        if (message.offset === '3') throw new Error('cannot republish');
      },
    );
    await expect(failing).rejects.toThrow('cannot republish');
    expect(visited).toEqual(['0', '1', '2', '3']);
  });

  it('re-produces a consumed message to another topic with its headers (the dead-letter path), then resolves it', async () => {
    const topic = await port.freshTopic(1, 'port-dlq');
    const dlq = await port.freshTopic(1, 'port-dlq');
    const groupId = `port-dlq-${topic}`;
    const producer = await port.client.producer();
    // Closed even when an expectation fails: an open producer keeps Jest from exiting.
    try {
      await port.record(topic, {
        groupId,
        handle: async (batch) => {
          await producer.send(
            batch.messages.map((message) => ({
              topic: dlq,
              key: message.key ?? '',
              value: message.value ?? '',
              headers: { ...message.headers, dlq_reason: 'poison' },
            })),
          );
          batch.resolve(batch.messages.at(-1)!.offset);
        },
      });
      await port.send([{ topic, key: 'order-9', value: 'poison', headers: { ce_id: 'e-1' } }]);
      const parked = await port.record(dlq);
      await parked.waitForValues(1);
      expect(parked.messages[0]).toMatchObject({
        key: 'order-9',
        value: 'poison',
        headers: { ce_id: 'e-1', dlq_reason: 'poison' },
      });
      await waitFor(async () => (await port.admin.committedOffsets(groupId, topic)).get(0) === '1', {
        what: 'the source resolved',
      });
    } finally {
      await producer.disconnect();
    }
  });
});
