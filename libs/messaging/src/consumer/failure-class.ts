import { ContractViolation } from '@saga-shop/contracts';
import { PermanentFailure, ProducerContractViolation, WriteConflict } from './failures.js';

/**
 * What a failed attempt means for the message, and so what the consumer does with it:
 * - `infrastructure`: the database or broker is unreachable or refusing work (restart, failover,
 *   pool exhausted). Retried for as long as it lasts, never dead-lettered.
 * - `conflict`: lost a race with a concurrent transaction; retried at once.
 * - `contract`: the incoming message breaks its schema; dead-lettered at once.
 * - `producer-bug`: an outgoing event breaks its own schema; dead-lettered at once, logged loudly.
 * - `permanent`: the reaction said retrying cannot help (PermanentFailure); dead-lettered at once.
 * - `transient`: anything else; retried a bounded number of times, then dead-lettered.
 */
export type FailureClass =
  'infrastructure' | 'conflict' | 'contract' | 'producer-bug' | 'permanent' | 'transient';

// SQLSTATE classes and codes that mean "the server, not this statement": connection exceptions
// (08), insufficient resources (53), operator intervention (57: admin shutdown, crash, cannot
// connect now), system errors (58), and a read-only server (25006, a standby after failover).
const infrastructureSqlState = /^(08|53|57|58)|^25006$/;
const conflictSqlState = /^(40001|40P01)$/; // serialization failure, deadlock
const infrastructureErrno = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const infrastructureMessage =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection refused|connection is closed|Client was closed|Cannot use a pool after calling end|KafkaJS/i;

export function classifyFailure(error: unknown): FailureClass {
  for (const cause of causesOf(error)) {
    if (cause instanceof ProducerContractViolation) return 'producer-bug';
    if (cause instanceof ContractViolation) return 'contract';
    if (cause instanceof PermanentFailure) return 'permanent';
    if (cause instanceof WriteConflict) return 'conflict';
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (conflictSqlState.test(code)) return 'conflict';
      if (infrastructureSqlState.test(code) || infrastructureErrno.has(code)) return 'infrastructure';
    }
    // Every broker failure: kafkajs' own errors, and the other adapter's BrokerError.
    if (typeof name === 'string' && (name.startsWith('KafkaJS') || name === 'BrokerError'))
      return 'infrastructure';
    if (typeof message === 'string' && infrastructureMessage.test(message)) return 'infrastructure';
  }
  return 'transient';
}

/** The error and what it wraps (`cause`, kafkajs' `originalError`), outermost first. */
function* causesOf(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current;
    const { cause, originalError } = current as { cause?: unknown; originalError?: unknown };
    current = cause ?? originalError;
  }
}
