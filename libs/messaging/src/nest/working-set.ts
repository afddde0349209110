import type { AnySagaEvent } from '@saga-shop/contracts';
import type { SagaTransaction } from '../transaction/saga-transaction.js';

/**
 * A service's half of batch consumption, in its persistence/: load (and lock, in a fixed order)
 * every row the batch's events can touch, in a few set-based statements; after the reactions
 * changed it in memory, save what changed the same way. `afterCommit` runs once the transaction
 * committed, for calls to systems outside the database (payment's card gateway).
 */
export interface WorkingSet<State> {
  load(tx: SagaTransaction, events: readonly AnySagaEvent[]): Promise<State>;
  save(tx: SagaTransaction, state: State): Promise<void>;
  afterCommit?(state: State): Promise<void>;
}

/** Nest injection token for the service's WorkingSet. */
export const SAGA_WORKING_SET = Symbol('SAGA_WORKING_SET');
