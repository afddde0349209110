import {
  IS_CONTROL,
  ListOffsetTimestamps,
  protocolErrors,
  type Consumer,
  type fetchV17,
  type KafkaRecord,
  type RecordsBatch,
} from '@platformatic/kafka';
import type { FetchTuning, IncomingMessage, MessageHeaders } from './broker-client.js';

/**
 * One raw Fetch per partition leader, outside the library's MessagesStream: the stream fetches
 * ahead of what the handler resolved and flattens the fetch into single messages, while the port
 * needs per-partition batches with their high watermark, and a partition fetched again from its
 * last resolved offset. Only the group membership (join, heartbeats, rejoin) is the library's.
 */
export interface FetchPosition {
  topic: string;
  partition: number;
  offset: bigint;
}

export interface FetchedPartition extends FetchPosition {
  /** In offset order, from `offset` on (a record batch may start before it). */
  messages: IncomingMessage[];
  highWatermark: bigint;
  /** Where the next fetch starts if everything fetched is handled (past control records too). */
  next: bigint;
  /** `offset` is outside the log (retention deleted it): the caller picks a new start. */
  outOfRange: boolean;
}

type FetchRequestTopic = fetchV17.FetchRequestTopic;
type FetchResponse = fetchV17.FetchResponse;
/** Kafka's error code 1: the fetch offset is not in the partition's log. */
const outOfRangeCode = protocolErrors['OFFSET_OUT_OF_RANGE']?.code ?? 1;

export const positionKey = (topic: string, partition: number) => `${topic}|${partition}`;

export async function fetchPartitions(
  consumer: Consumer,
  positions: FetchPosition[],
  tuning: FetchTuning,
): Promise<FetchedPartition[]> {
  const topics = [...new Set(positions.map((position) => position.topic))];
  const metadata = await consumer.metadata({ topics });
  const byLeader = new Map<number, Map<string, FetchRequestTopic>>();
  const names = new Map<string, string>();
  for (const { topic, partition, offset } of positions) {
    const topicMetadata = metadata.topics.get(topic);
    const leader = topicMetadata?.partitions[partition]?.leader;
    if (!topicMetadata || leader === undefined) continue;
    names.set(topicMetadata.id, topic);
    const requests = byLeader.get(leader) ?? new Map<string, FetchRequestTopic>();
    byLeader.set(leader, requests);
    const request = requests.get(topic) ?? { topicId: topicMetadata.id, partitions: [] };
    requests.set(topic, request);
    const partitionMaxBytes = tuning.maxBytesPerPartition;
    request.partitions.push({
      partition,
      fetchOffset: offset,
      partitionMaxBytes,
      currentLeaderEpoch: -1,
      lastFetchedEpoch: -1,
    });
  }
  const wanted = new Map(
    positions.map((position) => [positionKey(position.topic, position.partition), position]),
  );
  const responses = await Promise.all(
    [...byLeader].map(([node, requests]) =>
      consumer
        .fetch({
          node,
          topics: [...requests.values()],
          minBytes: tuning.minBytes,
          maxWaitTime: tuning.maxWaitMs,
        })
        .catch((error: unknown) => answeredOutOfRange(error)),
    ),
  );
  return responses.flatMap((response) => fetchedOf(response, names, wanted));
}

function fetchedOf(
  response: FetchResponse,
  names: Map<string, string>,
  wanted: Map<string, FetchPosition>,
): FetchedPartition[] {
  return response.responses.flatMap(({ topicId, partitions }) => {
    const topic = names.get(topicId) ?? topicId;
    return partitions.flatMap(({ partitionIndex: partition, highWatermark, records, errorCode }) => {
      // An incremental fetch session may answer for a partition that was not asked for this time.
      const position = wanted.get(positionKey(topic, partition));
      if (!position) return [];
      const batches = records ?? [];
      const last = batches.at(-1);
      const end = last ? last.firstOffset + BigInt(last.lastOffsetDelta) + 1n : position.offset;
      const messages = batches.flatMap((batch) => messagesOf(topic, partition, batch, position.offset));
      const next = end > position.offset ? end : position.offset;
      return [{ ...position, messages, highWatermark, next, outOfRange: errorCode === outOfRangeCode }];
    });
  });
}

function messagesOf(topic: string, partition: number, batch: RecordsBatch, from: bigint): IncomingMessage[] {
  if (batch.attributes & IS_CONTROL) return [];
  return batch.records.flatMap((record) => {
    const offset = batch.firstOffset + BigInt(record.offsetDelta);
    if (offset < from) return [];
    return [
      {
        topic,
        partition,
        offset: offset.toString(),
        key: record.key?.toString('utf8') ?? null,
        value: record.value?.toString('utf8') ?? null,
        headers: decodeHeaders(record),
        timestamp: Number(batch.firstTimestamp + record.timestampDelta),
      },
    ];
  });
}

function decodeHeaders(record: KafkaRecord): MessageHeaders {
  const decoded: MessageHeaders = {};
  // A header sent more than once: the last value wins, as in the kafkajs adapter.
  for (const [name, value] of record.headers) if (name && value) decoded[name.toString()] = value.toString();
  return decoded;
}

/**
 * The response of a fetch the broker answered with OFFSET_OUT_OF_RANGE (and nothing worse) for some
 * partitions: those are the caller's to move; the library would only fail the whole fetch.
 */
function answeredOutOfRange(error: unknown): FetchResponse {
  const response = (error as { response?: FetchResponse }).response;
  const codes = (response?.responses ?? []).flatMap(({ partitions }) =>
    partitions.map((part) => part.errorCode),
  );
  const repairable =
    codes.includes(outOfRangeCode) && codes.every((code) => code === 0 || code === outOfRangeCode);
  if (!response || response.errorCode !== 0 || !repairable) throw error;
  return response;
}

/** The log's start (`earliest`) or end of each partition: where a partition without a usable offset starts. */
export async function logBoundaries(
  consumer: Consumer,
  partitions: { topic: string; partition: number }[],
  earliest: boolean,
): Promise<FetchPosition[]> {
  if (partitions.length === 0) return [];
  const topics = [...new Set(partitions.map((part) => part.topic))];
  const offsets = await consumer.listOffsets({
    topics,
    timestamp: earliest ? ListOffsetTimestamps.EARLIEST : ListOffsetTimestamps.LATEST,
  });
  return partitions.map(({ topic, partition }) => ({
    topic,
    partition,
    offset: offsets.get(topic)?.[partition] ?? 0n,
  }));
}
