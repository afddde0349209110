import { describe, expect, it } from '@jest/globals';
import { waitFor } from '@saga-shop/testing';
import type { IncomingBatch } from '../src/broker/broker-client.js';
import { brokerClientKinds } from '../src/broker/connection-options.js';
import { javaPartitionOf, openDuringSuite, PortHarness, resolveAll, sleep } from './broker-port-harness.js';

// The broker port's contract, run against every adapter on the real broker: producing and
// consuming. Groups and rebalances: broker-port-groups.int-spec.ts; admin and range reads:
// broker-port-admin.int-spec.ts. A broker restart: e2e/test/kafka-broker.e2e-spec.ts (that project
// runs alone; a restart here would cut off the suites running beside this one).
describe.each(brokerClientKinds)('broker port through %s: producing and consuming', (kind) => {
  const port = new PortHarness(kind);

  openDuringSuite(port);

  it("delivers keys, values and headers as sent; a key's messages stay in send order on Java's partition for it", async () => {
    // Six partitions: with a power of two, a partitioner that forgets Java's sign mask still agrees.
    const topic = await port.freshTopic(6);
    const keys = [...Array(8).keys()].map((index) => `order-${index}`);
    // Several sends, each with every key, so order across sends and within one send both count.
    for (let round = 0; round < 4; round += 1) {
      await port.send(
        keys.map((key) => ({
          topic,
          key,
          value: `${key}#${round}`,
          headers: { ce_id: `${key}#${round}`, round: String(round) },
        })),
      );
    }
    const recording = await port.record(topic);
    await recording.waitForValues(32);
    for (const key of keys) {
      const ofKey = recording.messages.filter((message) => message.key === key);
      expect(ofKey.map((message) => message.value)).toEqual([0, 1, 2, 3].map((round) => `${key}#${round}`));
      expect(new Set(ofKey.map((message) => message.partition))).toEqual(new Set([javaPartitionOf(key, 6)]));
      expect(ofKey[2]).toMatchObject({ topic, headers: { ce_id: `${key}#2`, round: '2' } });
      expect(ofKey[2]!.timestamp).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('appends each message once (idempotent, acks=all): the end offsets add up to what was sent', async () => {
    // Fresh topics, whose partitions may refuse a write for a moment while their leader settles:
    // the retries that follow are where a client that numbers its batches wrongly duplicates some.
    // Several of them, as one topic shows that only now and then.
    const producer = await port.client.producer();
    const appended: number[] = [];
    try {
      for (let round = 0; round < 8; round += 1) {
        const topic = await port.freshTopic(3); // written at once, before its leader settled
        // Sends in flight together on one producer: each message still appended once.
        // Order across concurrent sends is not part of the port (the relay sends one batch at a time).
        await Promise.all(
          [0, 1, 2, 3, 4].map((send) =>
            producer.send(
              [0, 1, 2, 3].map((index) => ({ topic, key: `k${index}`, value: `${send}-${index}` })),
            ),
          ),
        );
        const ends = await port.admin.endOffsets(topic);
        appended.push([...ends.values()].reduce((sum, end) => sum + Number(end), 0));
      }
      await expect(producer.send([])).resolves.toBeUndefined();
    } finally {
      await producer.disconnect();
    }
    expect(appended).toEqual(Array(8).fill(20));
  });

  it('hands a partition over in batches of several messages, in offset order, with its high watermark', async () => {
    const topic = await port.freshTopic(3);
    await port.send(
      [...Array(30).keys()].map((index) => ({ topic, key: `key-${index % 3}`, value: `m${index}` })),
    );
    const recording = await port.record(topic);
    await recording.waitForValues(30);
    expect(recording.batches.some((batch) => batch.messages.length > 1)).toBe(true);
    for (const batch of recording.batches) {
      const offsets = batch.messages.map((message) => BigInt(message.offset));
      expect(batch.messages.every((message) => message.partition === batch.partition)).toBe(true);
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
      expect(BigInt(batch.highWatermark)).toBeGreaterThan(offsets.at(-1)!);
    }
    const ends = await port.admin.endOffsets(topic);
    const last = recording.batches.at(-1)!;
    expect(last.highWatermark).toBe(ends.get(last.partition));
  });

  it("handles a fetch's partitions concurrently, and one partition's batches one after the other", async () => {
    const topic = await port.freshTopic(2);
    const keyOn = (partition: number) =>
      [...Array(100).keys()]
        .map((index) => `key-${index}`)
        .find((key) => javaPartitionOf(key, 2) === partition)!;
    const arrived = new Set<number>();
    const running = new Map<number, number>();
    let overlapped = false;
    const recording = await port.record(topic, {
      handle: async (batch) => {
        running.set(batch.partition, (running.get(batch.partition) ?? 0) + 1);
        overlapped ||= running.get(batch.partition)! > 1;
        arrived.add(batch.partition);
        // Partition 0 waits for partition 1: handled one partition after another, this never ends.
        if (batch.partition === 0)
          await waitFor(async () => arrived.has(1), { timeoutMs: 10_000, what: 'partition 1' });
        await sleep(50);
        running.set(batch.partition, running.get(batch.partition)! - 1);
        await resolveAll(batch);
      },
    });
    for (let round = 0; round < 5; round += 1) {
      await port.send(
        [0, 1].map((partition) => ({ topic, key: keyOn(partition), value: `${partition}-${round}` })),
      );
    }
    await recording.waitForValues(10);
    expect(overlapped).toBe(false);
  });

  it('fetches an unresolved message again, and pauseFor holds its partition back for that long', async () => {
    const topic = await port.freshTopic(1);
    const seen: { offset: string; at: number }[] = [];
    const recording = await port.record(topic, {
      handle: async (batch) => {
        seen.push(...batch.messages.map((message) => ({ offset: message.offset, at: Date.now() })));
        if (seen.length === batch.messages.length) return batch.pauseFor(1_500); // the first time: nothing resolved
        await resolveAll(batch);
      },
    });
    await port.send([{ topic, key: 'k', value: 'once' }]);
    await waitFor(async () => seen.length >= 2, { what: 'the message twice' });
    expect(seen.map((entry) => entry.offset)).toEqual(['0', '0']);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1_400);
    await recording.stop();
  });

  it('commits only what was resolved: the next member of the group starts right after it', async () => {
    const topic = await port.freshTopic(1);
    await port.send(['a', 'b', 'c', 'd', 'e'].map((value) => ({ topic, key: 'k', value })));
    const groupId = `port-resolve-${topic}`;
    const first = await port.record(topic, {
      groupId,
      handle: async (batch) => {
        const second = batch.messages.find((message) => message.value === 'b');
        if (second) batch.resolve(second.offset);
      },
    });
    await first.waitForValues(5);
    await first.stop();
    expect((await port.admin.committedOffsets(groupId, topic)).get(0)).toBe('2');
    const next = await port.record(topic, { groupId });
    await next.waitForValues(3);
    expect(next.messages[0]?.value).toBe('c');
    expect(next.values()).toEqual(['c', 'd', 'e']);
  });

  it('commits resolved offsets within commitIntervalMs while running', async () => {
    const topic = await port.freshTopic(1);
    const groupId = `port-interval-${topic}`;
    await port.record(topic, { groupId, commitIntervalMs: 300 });
    await port.send([
      { topic, key: 'k', value: 'x' },
      { topic, key: 'k', value: 'y' },
    ]);
    await waitFor(async () => (await port.admin.committedOffsets(groupId, topic)).get(0) === '2', {
      timeoutMs: 5_000,
      what: 'offset 2 committed',
    });
  });

  it('on disconnect, waits for the batch in flight, commits what it resolved, and says it is stopping', async () => {
    const topic = await port.freshTopic(1);
    const groupId = `port-stop-${topic}`;
    let started = false;
    let finished = false;
    let activeWhileStopping: boolean | undefined;
    const recording = await port.record(topic, {
      groupId,
      commitIntervalMs: 60_000, // only disconnect commits
      handle: async (batch: IncomingBatch) => {
        started = true;
        await sleep(1_000);
        activeWhileStopping = batch.isActive();
        await resolveAll(batch);
        finished = true;
      },
    });
    await port.send([{ topic, key: 'k', value: 'slow' }]);
    await waitFor(async () => started, { what: 'the batch in flight' });
    await recording.stop();
    expect([finished, activeWhileStopping]).toEqual([true, false]);
    expect((await port.admin.committedOffsets(groupId, topic)).get(0)).toBe('1');
  });

  it('keeps a batch within maxBytesPerPartition', async () => {
    const topic = await port.freshTopic(1);
    const big = 'x'.repeat(700);
    // One send each: separate record batches, which the broker can split a fetch between.
    for (let index = 0; index < 4; index += 1)
      await port.send([{ topic, key: 'k', value: `${index}${big}` }]);
    const small = await port.record(topic, { fetch: { maxBytesPerPartition: 1_024, maxWaitMs: 100 } });
    await small.waitForValues(4);
    expect(Math.max(...small.batches.map((batch) => batch.messages.length))).toBeLessThanOrEqual(2);
    const whole = await port.record(topic);
    await whole.waitForValues(4);
    expect(whole.batches[0]?.messages).toHaveLength(4);
  });

  it('answers a fetch only once minBytes are there, or after maxWaitMs', async () => {
    const topic = await port.freshTopic(1);
    const arrivals: number[] = [];
    const recording = await port.record(topic, {
      fetch: { minBytes: 1_048_576, maxWaitMs: 1_000 },
      handle: async (batch) => {
        arrivals.push(Date.now());
        await resolveAll(batch);
      },
    });
    // A message every 100 ms, never a megabyte: every fetch waits its full second.
    for (let index = 0; index < 40; index += 1) {
      await port.send([{ topic, key: 'k', value: `tick-${index}` }]);
      await sleep(100);
    }
    await recording.waitForValues(40);
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(700);
    expect(recording.messages.length / arrivals.length).toBeGreaterThanOrEqual(4);
  });
});
