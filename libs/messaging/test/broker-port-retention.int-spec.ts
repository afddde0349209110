import { describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { adminBrokerOptions } from '@saga-shop/testing';
import type { IncomingMessage } from '../src/broker/broker-client.js';
import { brokerClientKinds } from '../src/broker/connection-options.js';
import { openDuringSuite, PortHarness } from './broker-port-harness.js';

/**
 * Deletes partition 0 of `topic` up to `offset`, as retention would, through a plain kafkajs admin:
 * the port has no such call, and no adapter code should take part in setting up what it must read.
 */
async function deleteRecordsBefore(topic: string, offset: string): Promise<void> {
  const { brokers, sasl } = adminBrokerOptions('port-retention');
  const login = { mechanism: 'plain' as const, username: sasl.username, password: sasl.password };
  const admin = new kafkajs.Kafka({ brokers, sasl: login, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // kafkajs' deleteTopicRecords finds the leader only in metadata it already loaded.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset }] });
  } finally {
    await admin.disconnect();
  }
}

/** A one-partition topic holding v0..v5, of which retention already deleted v0..v2. */
async function trimmedTopic(port: PortHarness): Promise<string> {
  const topic = await port.freshTopic(1, 'port-retention');
  await port.send([...Array(6).keys()].map((index) => ({ topic, key: 'k', value: `v${index}` })));
  await deleteRecordsBefore(topic, '3');
  return topic;
}

// The broker port's contract where retention deleted the start of a log, against every adapter on
// the real broker: offsets before the log start are answered OFFSET_OUT_OF_RANGE, which each adapter
// has to turn into "start at what is left" rather than an error or a silent stall.
describe.each(brokerClientKinds)('broker port through %s: a log whose start was deleted', (kind) => {
  const port = new PortHarness(kind);

  openDuringSuite(port);

  it("reports the log's start offset after retention deleted records, and its end unchanged", async () => {
    const topic = await trimmedTopic(port);
    expect(await port.admin.startOffsets(topic)).toEqual(new Map([[0, '3']]));
    expect(await port.admin.endOffsets(topic)).toEqual(new Map([[0, '6']]));
  });

  it('moves a group whose committed offset was deleted to the log start, and reads the rest once', async () => {
    const topic = await trimmedTopic(port);
    const groupId = `port-retention-${topic}`;
    await port.admin.commitOffsets(groupId, topic, new Map([[0, '1']]));
    const member = await port.record(topic, { groupId });
    await member.waitForValues(3);
    expect(member.messages.map((message) => [message.offset, message.value])).toEqual([
      ['3', 'v3'],
      ['4', 'v4'],
      ['5', 'v5'],
    ]);
  });

  it('reads what is left of a range whose start was deleted, and nothing past its end', async () => {
    const topic = await trimmedTopic(port);
    const read: IncomingMessage[] = [];
    await port.client.readRanges(topic, [{ partition: 0, from: '1', until: '5' }], async (message) => {
      read.push(message);
    });
    expect(read.map((message) => message.value)).toEqual(['v3', 'v4']);
  });
});
