import type { Admin, Kafka as KafkaInstance } from 'kafkajs';
import type { BrokerAdmin, TopicSpec } from './broker-client.js';
import { replaceAcls } from './kafkajs-acls.js';

export async function connectAdmin(kafka: KafkaInstance): Promise<BrokerAdmin> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  return {
    ensureTopics: (specs) => ensureTopics(admin, specs),
    listTopics: () => admin.listTopics(),
    deleteTopics: (topicNames) => admin.deleteTopics({ topics: topicNames }),
    async describeCluster() {
      const cluster = await admin.describeCluster();
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers.length,
        controllerId: cluster.controller,
      };
    },
    async endOffsets(topic) {
      const offsets = await retryWhileSettling(() => admin.fetchTopicOffsets(topic));
      return new Map(offsets.map(({ partition, high }) => [partition, high]));
    },
    async startOffsets(topic) {
      const offsets = await retryWhileSettling(() => admin.fetchTopicOffsets(topic));
      return new Map(offsets.map(({ partition, low }) => [partition, low]));
    },
    async committedOffsets(groupId, topic) {
      const [topicOffsets] = await retryWhileSettling(() => admin.fetchOffsets({ groupId, topics: [topic] }));
      const partitions = topicOffsets?.partitions ?? [];
      return new Map(partitions.map(({ partition, offset }) => [partition, offset]));
    },
    async commitOffsets(groupId, topic, offsets) {
      const partitions = [...offsets].map(([partition, offset]) => ({ partition, offset }));
      await retryWhileSettling(() => admin.setOffsets({ groupId, topic, partitions }));
    },
    replaceAcls: (principal, grants) => replaceAcls(admin, principal, grants),
    disconnect: () => admin.disconnect(),
  };
}

async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await retryWhileSettling(() => createTopics(admin, missing));
  return missing.map((spec) => spec.topic);
}

function createTopics(admin: Admin, missing: TopicSpec[]) {
  return admin.createTopics({
    waitForLeaders: true,
    topics: missing.map(({ topic, partitions, replicationFactor }) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: replicationFactor ?? 1,
    })),
  });
}

/**
 * Right after a KRaft broker starts or creates topics, metadata lags for a moment and kafkajs
 * surfaces errors it marks retriable but does not retry (tulios/kafkajs#1563): retry those here.
 */
export async function retryWhileSettling<T>(operation: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const { retriable, type } = error as { retriable?: boolean; type?: string };
      const settling = retriable === true || /COORDINATOR|UNKNOWN_TOPIC_OR_PARTITION|LEADER/.test(type ?? '');
      if (!settling || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
