import { describe, expect, it } from '@jest/globals';
import { OffsetCommitter, type CommitOffsets } from './offset-committer.js';

type Offsets = Parameters<CommitOffsets>[0];
const intervalMs = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Each request's offsets in partition order (a request's order carries no meaning). */
const requests = (calls: { offsets: Offsets }[]) =>
  calls.map(({ offsets }) =>
    [...offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
  );

/** A fake `consumer.commitOffsets` that records each request and answers as `answer` says. */
function fakeCommit(answer: (call: number) => Promise<void> = () => Promise.resolve()) {
  const calls: { at: number; offsets: Offsets }[] = [];
  const commit: CommitOffsets = (offsets) => {
    calls.push({ at: performance.now(), offsets });
    return answer(calls.length);
  };
  return { calls, commit };
}

function committerWith(commit: CommitOffsets, errors: Error[] = []) {
  return new OffsetCommitter(commit, intervalMs, (error) => errors.push(error));
}

describe('OffsetCommitter', () => {
  it("commits every partition's latest resolved offset in one request, once the interval has passed", async () => {
    const { calls, commit } = fakeCommit();
    const committer = committerWith(commit);
    committer.resolved('orders', 0, '1');
    committer.resolved('orders', 0, '5');
    committer.resolved('orders', 1, '2');
    committer.resolved('payments', 0, '9');
    expect(calls).toHaveLength(0);
    await sleep(intervalMs * 2);
    expect(requests(calls)).toEqual([
      [
        { topic: 'orders', partition: 0, offset: '6' },
        { topic: 'orders', partition: 1, offset: '3' },
        { topic: 'payments', partition: 0, offset: '10' },
      ],
    ]);
    committer.stop();
  });

  it('commits at most once per interval however often offsets are resolved', async () => {
    const { calls, commit } = fakeCommit();
    const committer = committerWith(commit);
    const started = performance.now();
    for (let offset = 0; performance.now() - started < intervalMs * 5; offset += 1) {
      committer.resolved('orders', offset % 3, String(offset));
      await sleep(2);
    }
    await committer.flush();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(7);
    const timerCommits = calls.slice(0, -1);
    for (let index = 1; index < timerCommits.length; index += 1) {
      expect(timerCommits[index]!.at - timerCommits[index - 1]!.at).toBeGreaterThanOrEqual(intervalMs - 5);
    }
    committer.stop();
  });

  it('flush commits what is pending at once, and nothing when nothing is', async () => {
    const { calls, commit } = fakeCommit();
    const committer = committerWith(commit);
    await committer.flush();
    expect(calls).toHaveLength(0);
    committer.resolved('orders', 2, '41');
    await committer.flush();
    expect(calls.map((call) => call.offsets)).toEqual([[{ topic: 'orders', partition: 2, offset: '42' }]]);
    await sleep(intervalMs * 2);
    expect(calls).toHaveLength(1);
  });

  it('retries a failed commit with the next one, where a newer resolved offset wins', async () => {
    const { calls, commit } = fakeCommit((call) =>
      call === 1 ? Promise.reject(new Error('Connection error: ECONNRESET')) : Promise.resolve(),
    );
    const errors: Error[] = [];
    const committer = committerWith(commit, errors);
    committer.resolved('orders', 0, '4');
    committer.resolved('orders', 1, '7');
    await committer.flush();
    expect(errors.map((error) => error.message)).toEqual(['Connection error: ECONNRESET']);
    committer.resolved('orders', 1, '8');
    await sleep(intervalMs * 2);
    expect(requests(calls)).toEqual([
      [
        { topic: 'orders', partition: 0, offset: '5' },
        { topic: 'orders', partition: 1, offset: '8' },
      ],
      [
        { topic: 'orders', partition: 0, offset: '5' },
        { topic: 'orders', partition: 1, offset: '9' },
      ],
    ]);
    committer.stop();
  });

  it.each(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR'])(
    'drops the offsets of a commit that failed with %s: the partitions have a new owner',
    async (type) => {
      const rebalance = Object.assign(new Error('The group is rebalancing'), { type });
      const { calls, commit } = fakeCommit(() => Promise.reject(rebalance));
      const errors: Error[] = [];
      const committer = committerWith(commit, errors);
      committer.resolved('orders', 0, '4');
      await committer.flush();
      await sleep(intervalMs * 3);
      expect(calls).toHaveLength(1);
      expect(errors).toEqual([rebalance]);
    },
  );

  it('flush waits until a commit started by a concurrent flush has finished', async () => {
    const answers: (() => void)[] = [];
    const { calls, commit } = fakeCommit(() => new Promise<void>((resolve) => answers.push(resolve)));
    const committer = committerWith(commit);
    committer.resolved('orders', 0, '1');
    const first = committer.flush();
    await sleep(5);
    committer.resolved('orders', 0, '2');
    // Both wait for the first commit; then one of them commits offset 3, the other must wait for it.
    const second = committer.flush();
    let lastSettled = false;
    const last = committer.flush().then(() => (lastSettled = true));
    answers[0]!();
    await first;
    await sleep(5);
    expect(requests(calls)).toEqual([
      [{ topic: 'orders', partition: 0, offset: '2' }],
      [{ topic: 'orders', partition: 0, offset: '3' }],
    ]);
    expect(lastSettled).toBe(false);
    answers[1]!();
    await Promise.all([second, last]);
    expect(lastSettled).toBe(true);
    committer.stop();
  });

  it('schedules nothing after stop, even when a commit in flight then fails', async () => {
    let fail: (error: Error) => void = () => undefined;
    const { calls, commit } = fakeCommit((call) =>
      call === 1 ? new Promise<void>((_resolve, reject) => (fail = reject)) : Promise.resolve(),
    );
    const committer = committerWith(commit);
    committer.resolved('orders', 0, '1');
    const flushing = committer.flush();
    await sleep(5);
    committer.stop();
    fail(new Error('consumer disconnected'));
    await flushing;
    await sleep(intervalMs * 3);
    expect(calls).toHaveLength(1);
  });
});
