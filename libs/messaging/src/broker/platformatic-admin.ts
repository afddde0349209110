import { Admin, ListOffsetTimestamps, type BaseOptions } from '@platformatic/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrokerAdmin, TopicSpec } from './broker-client.js';
import { replaceAclsWithPlatformatic } from './platformatic-acls.js';
import { withBrokerErrors } from './platformatic-connection.js';

export async function connectPlatformaticAdmin(base: BaseOptions): Promise<BrokerAdmin> {
  const admin = new Admin(base);
  // The library connects on first use; kafkajs' connect fails at once on an unreachable broker.
  await withBrokerErrors(admin.metadata({ topics: [] })).catch(async (error: unknown) => {
    await admin.close().catch(() => undefined);
    throw error;
  });
  const partitionsOf = async (topic: string) => {
    const metadata = await withBrokerErrors(admin.metadata({ topics: [topic], forceUpdate: true }));
    return [...Array(metadata.topics.get(topic)?.partitionsCount ?? 0).keys()];
  };
  /** Per partition: the log's end (LATEST) or its first offset still kept (EARLIEST). */
  const offsetsAt = async (topic: string, timestamp: bigint) => {
    const partitions = (await partitionsOf(topic)).map((partitionIndex) => ({ partitionIndex, timestamp }));
    const [listed] = await withBrokerErrors(admin.listOffsets({ topics: [{ name: topic, partitions }] }));
    return new Map((listed?.partitions ?? []).map((part) => [part.partitionIndex, part.offset.toString()]));
  };
  return {
    ensureTopics: (specs) => ensureTopics(admin, specs),
    listTopics: () => withBrokerErrors(admin.listTopics()),
    deleteTopics: (topics) => withBrokerErrors(admin.deleteTopics({ topics })),
    async describeCluster() {
      const cluster = await withBrokerErrors(admin.metadata({ topics: [], forceUpdate: true }));
      return { clusterId: cluster.id, brokers: cluster.brokers.size, controllerId: cluster.controllerId };
    },
    endOffsets: (topic) => offsetsAt(topic, ListOffsetTimestamps.LATEST),
    startOffsets: (topic) => offsetsAt(topic, ListOffsetTimestamps.EARLIEST),
    async committedOffsets(groupId, topic) {
      // Every partition, -1 where the group committed nothing (as kafkajs' fetchOffsets answers).
      const partitionIndexes = await partitionsOf(topic);
      const [group] = await withBrokerErrors(
        admin.listConsumerGroupOffsets({
          groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }],
        }),
      );
      const committed = new Map(partitionIndexes.map((partition) => [partition, '-1']));
      for (const part of group?.topics.find((entry) => entry.name === topic)?.partitions ?? [])
        committed.set(part.partitionIndex, part.committedOffset.toString());
      return committed;
    },
    async commitOffsets(groupId, topic, offsets) {
      const partitionOffsets = [...offsets].map(([partition, offset]) => ({
        partition,
        offset: BigInt(offset),
      }));
      await withBrokerErrors(
        admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets }] }),
      );
    },
    replaceAcls: (principal, grants) => replaceAclsWithPlatformatic(admin, principal, grants),
    disconnect: () => withBrokerErrors(admin.close()),
  };
}

async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await withBrokerErrors(admin.listTopics()));
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await withBrokerErrors(
    admin.createTopics({
      topics: missing.map(({ topic, partitions, replicationFactor }) => ({
        topic,
        partitions,
        replicas: replicationFactor ?? 1,
      })),
    }),
  );
  await waitForLeaders(
    admin,
    missing.map((spec) => spec.topic),
  );
  return missing.map((spec) => spec.topic);
}

/**
 * As kafkajs' createTopics({ waitForLeaders }): a topic is usable once every partition has a
 * leader, which a KRaft broker reports a moment after it created the topic.
 */
async function waitForLeaders(admin: Admin, topics: string[], attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const ready = await admin.metadata({ topics, forceUpdate: true }).then(
      (metadata) =>
        topics.every((topic) => {
          const partitions = metadata.topics.get(topic)?.partitions ?? [];
          return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
        }),
      () => false,
    );
    if (ready) return;
    if (attempt >= attempts) throw new Error(`no leader yet for the partitions of ${topics.join(', ')}`);
    await sleep(100 * attempt);
  }
}
