import { describe, expect, it } from '@jest/globals';
import { ContractViolation } from '@saga-shop/contracts';
import { BrokerError } from '../broker/broker-error.js';
import { classifyFailure } from './failure-class.js';
import { PermanentFailure, ProducerContractViolation, WriteConflict } from './failures.js';

const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });

describe('failure classes', () => {
  it.each([
    ['a server shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a connection failure (08006)', pgError('08006')],
    ['too many connections (53300)', pgError('53300')],
    ['a standby after failover (25006)', pgError('25006')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['a broker error', Object.assign(new Error('broker down'), { name: 'KafkaJSConnectionError' })],
    [
      'a broker error of the other adapter',
      new BrokerError('Producing messages failed.', 'NOT_ENOUGH_REPLICAS'),
    ],
  ])('retries %s for as long as it lasts (infrastructure)', (_what, error) => {
    expect(classifyFailure(error)).toBe('infrastructure');
  });

  it('finds an outage wrapped in another error', () => {
    expect(classifyFailure(new Error('reaction failed', { cause: pgError('57P01') }))).toBe('infrastructure');
  });

  it.each([
    ['a serialization failure (40001)', pgError('40001')],
    ['a deadlock (40P01)', pgError('40P01')],
    ['a lost insert race', new WriteConflict('reservation written concurrently')],
  ])('retries %s at once (conflict)', (_what, error) => {
    expect(classifyFailure(error)).toBe('conflict');
  });

  it('dead-letters contract violations, permanent failures and producer bugs at once', () => {
    expect(classifyFailure(new ContractViolation('bad payload'))).toBe('contract');
    expect(classifyFailure(new PermanentFailure('unknown order'))).toBe('permanent');
    expect(classifyFailure(new ProducerContractViolation('refusing to publish'))).toBe('producer-bug');
  });

  it('treats anything else, a constraint violation included, as a bounded transient failure', () => {
    expect(classifyFailure(pgError('23514', 'violates check constraint'))).toBe('transient');
    expect(classifyFailure(new TypeError('cannot read properties of undefined'))).toBe('transient');
  });
});
