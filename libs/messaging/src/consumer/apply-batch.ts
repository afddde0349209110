import type { AnySagaEvent, SagaEvent } from '@saga-shop/contracts';
import type { IncomingMessage } from '../broker/broker-client.js';
import { claimInInbox } from '../inbox/inbox.js';
import type { WorkingSet } from '../nest/working-set.js';
import type { SagaTransaction } from '../transaction/saga-transaction.js';
import type { TransactionRunner } from '../transaction/transaction-runner.js';
import type { AfterCommit, ConsumedEvent, SagaBatchHandler } from './batch-handler.js';

/** A reaction: decides on one event against the batch's state, returns the events it emits. */
export type React<State> = (
  event: AnySagaEvent,
  state: State,
  message: IncomingMessage | undefined,
) => Promise<SagaEvent[]> | SagaEvent[];

/**
 * The order of things in every batch transaction: the working set loads (and locks) what the
 * events touch, each event's reaction runs in its own trace context and publishes what it emits,
 * the working set saves what changed.
 */
export async function applyBatch<State>(
  tx: SagaTransaction,
  events: readonly ConsumedEvent[],
  workingSet: WorkingSet<State>,
  react: React<State>,
): Promise<AfterCommit | void> {
  const state = await workingSet.load(
    tx,
    events.map((consumed) => consumed.event),
  );
  for (const consumed of events) {
    await consumed.within(async () => tx.publish(...(await react(consumed.event, state, consumed.message))));
  }
  await workingSet.save(tx, state);
  const { afterCommit } = workingSet;
  return afterCommit ? () => afterCommit.call(workingSet, state) : undefined;
}

/**
 * One batch as the consumer commits it (inbox claim, the handler, outbox rows, after-commit work),
 * without Kafka or spans: for integration tests of a service's reactions and working set.
 */
export async function handleBatchOnce(
  runner: TransactionRunner,
  handler: SagaBatchHandler,
  events: readonly AnySagaEvent[],
): Promise<{ applied: number; duplicates: number }> {
  let applied = 0;
  const afterCommit = await runner.run(async (tx) => {
    const fresh = await claimInInbox(tx, events);
    const consumed = events
      .filter((event) => fresh.delete(event.id))
      .map((event): ConsumedEvent => ({ event, message: undefined as never, within: (work) => work() }));
    applied = consumed.length;
    return handler.apply(tx, consumed);
  });
  await afterCommit?.();
  return { applied, duplicates: events.length - applied };
}
