import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor, workspaceRoot } from '@saga-shop/testing';
import { brokerClientKinds, type BrokerClientKind } from '../src/broker/connection-options.js';
import { openDuringSuite, PortHarness, resolveAll, sleep, type Recording } from './broker-port-harness.js';

// The broker port's contract for consumer groups, against every adapter on the real broker: members
// share a topic's partitions, and when one dies or leaves, another takes its partitions over and
// gets everything it had not committed. Members of both adapters can share one group.
const fixture = path.join(import.meta.dirname, 'fixtures/group-member.ts');
const members: ChildProcess[] = [];

/** A member in its own process (fixtures/group-member.ts), and the values it has printed. */
function memberProcess(kind: BrokerClientKind, topic: string, groupId: string) {
  const child = spawn(
    process.execPath,
    ['--conditions=saga-shop-source', '--import', 'tsx', fixture, kind, topic, groupId],
    {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  members.push(child);
  const values: string[] = [];
  let joined = false;
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const report = JSON.parse(line) as { joined?: boolean; values?: string[] };
      joined ||= report.joined === true;
      values.push(...(report.values ?? []));
    }
  });
  return { child, values, joined: () => joined };
}

/** `count` messages spread over every partition of `topic`, values `${label}-<n>`. */
const messages = (topic: string, label: string, count: number) =>
  [...Array(count).keys()].map((index) => ({ topic, key: `key-${index}`, value: `${label}-${index}` }));

/** The partitions `recording` read messages labelled `label` from. */
const partitionsOf = (recording: Recording, label: string) =>
  new Set(recording.messages.filter((m) => m.value?.startsWith(`${label}-`)).map((m) => m.partition));

/** Whether no partition's `label` messages were read by both members. */
const disjoint = (a: Recording, b: Recording, label: string) =>
  [...partitionsOf(a, label)].every((partition) => !partitionsOf(b, label).has(partition));

/**
 * One member of `groupId` reading `topic`, then a second one joining: both read, and each partition
 * of what is sent after the join goes to one of them only.
 */
async function twoMembers(first: PortHarness, second: PortHarness, topic: string, groupId: string) {
  const one = await first.record(topic, { groupId });
  await first.send(messages(topic, 'first', 8));
  await one.waitForValues(8);
  const two = await second.record(topic, { groupId });
  await first.send(messages(topic, 'second', 40));
  const everything = () => new Set([...one.values(), ...two.values()]).size === 48;
  await waitFor(async () => two.values().length > 0 && everything(), { what: 'both members reading' });
  expect(disjoint(one, two, 'second')).toBe(true);
  return [one, two] as const;
}

afterAll(() => {
  for (const child of members) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.each(brokerClientKinds)('broker port through %s: consumer groups', (kind) => {
  const port = new PortHarness(kind);

  openDuringSuite(port);

  it("gives a dead member's partitions to the one left, which gets all it had not committed", async () => {
    const topic = await port.freshTopic(4, 'groups');
    const groupId = `port-dies-${topic}`;
    await port.send(messages(topic, 'before', 20));
    const doomed = memberProcess(kind, topic, groupId);
    await waitFor(async () => doomed.values.length >= 20, {
      timeoutMs: 30_000,
      what: 'the first member reading',
    });
    const survivor = await port.record(topic, { groupId });
    // Once the group rebalanced, the survivor holds some partitions and the doomed member the rest.
    await waitFor(async () => survivor.values().length > 0, { timeoutMs: 30_000, what: 'a shared group' });
    expect(survivor.values().length).toBeLessThan(20);
    doomed.child.kill('SIGKILL'); // no LeaveGroup, no commit: its session has to run out
    await port.send(messages(topic, 'after', 20));
    await survivor.waitForValues(40, 45_000);
    expect(survivor.values().sort()).toEqual(
      [...messages(topic, 'before', 20), ...messages(topic, 'after', 20)].map((m) => m.value).sort(),
    );
  }, 90_000);

  it('shares the partitions with a member that joins, and takes them all back when it leaves', async () => {
    const topic = await port.freshTopic(4, 'groups');
    const groupId = `port-leaves-${topic}`;
    const [staying, leaving] = await twoMembers(port, port, topic, groupId);
    await leaving.stop();
    await port.send(messages(topic, 'third', 20));
    await waitFor(async () => staying.values().filter((v) => v.startsWith('third')).length === 20, {
      timeoutMs: 30_000,
      what: 'the staying member reading every partition',
    });
  }, 60_000);

  it('fails a heartbeat of a batch in flight once a joining member starts a rebalance', async () => {
    const topic = await port.freshTopic(2, 'groups');
    const groupId = `port-heartbeat-${topic}`;
    let heartbeatFailed = false;
    let looping = false;
    await port.record(topic, {
      groupId,
      handle: async (batch) => {
        if (heartbeatFailed) return resolveAll(batch);
        looping = true;
        for (let beat = 0; beat < 60 && !heartbeatFailed; beat += 1) {
          await sleep(300);
          await batch.heartbeat().catch(() => (heartbeatFailed = true));
        }
      },
    });
    await port.send(messages(topic, 'held', 4));
    await waitFor(async () => looping, { what: 'a long batch in flight' });
    const joining = await port.record(topic, { groupId });
    await waitFor(async () => heartbeatFailed, { timeoutMs: 15_000, what: 'the heartbeat to fail' });
    await waitFor(async () => joining.values().length > 0, {
      timeoutMs: 30_000,
      what: 'the joining member reading',
    });
  }, 60_000);
});

describe('broker port: members of both adapters in one group (a rolling switch of KAFKA_CLIENT)', () => {
  const kafkajs = new PortHarness('kafkajs');
  const platformatic = new PortHarness('platformatic');

  openDuringSuite(kafkajs, platformatic);

  it.each([
    ['kafkajs', 'platformatic'],
    ['platformatic', 'kafkajs'],
  ] as const)(
    'a %s member (the leader) and a %s member split the partitions and read each message once',
    async (first, second) => {
      const harness = { kafkajs, platformatic };
      const topic = await harness[first].freshTopic(4, 'groups');
      const groupId = `port-mixed-${topic}`;
      const [leader, follower] = await twoMembers(harness[first], harness[second], topic, groupId);
      await follower.stop();
      await leader.stop();
    },
    60_000,
  );
});
