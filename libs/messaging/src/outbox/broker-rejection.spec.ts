import { describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { rejectionReason } from './broker-rejection.js';

const {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} = kafkajs;

/** What kafkajs throws when the broker answers a produce or metadata request with `type`. */
const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(`broker says ${type}`), { type, code: 0, retriable }));
/** What kafkajs' retrier throws once its retries are used up. */
const retriesExceeded = (error: Error) =>
  new KafkaJSNumberOfRetriesExceeded(error, { retryCount: 5, retryTime: 100 });

describe('rejectionReason', () => {
  it.each([
    'MESSAGE_TOO_LARGE',
    'RECORD_LIST_TOO_LARGE',
    'INVALID_RECORD',
    'CORRUPT_MESSAGE',
    'INVALID_TOPIC_EXCEPTION',
    'UNKNOWN_TOPIC_OR_PARTITION',
    'TOPIC_AUTHORIZATION_FAILED',
    'POLICY_VIOLATION',
  ])('counts the broker answering %s as refused for good', (type) => {
    expect(rejectionReason(protocolError(type, false))).toBe(type);
  });

  it('finds the refusal in the cause of kafkajs giving up after its retries (a missing topic)', () => {
    const error = retriesExceeded(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true));
    expect(error.name).toBe('KafkaJSNumberOfRetriesExceeded');
    expect(rejectionReason(error)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('finds the refusal in an originalError and among an aggregate error', () => {
    const wrapped = Object.assign(new Error('send failed'), {
      originalError: protocolError('MESSAGE_TOO_LARGE', false),
    });
    expect(rejectionReason(wrapped)).toBe('MESSAGE_TOO_LARGE');
    const aggregate = new KafkaJSAggregateError('two partitions failed', [
      protocolError('NOT_LEADER_FOR_PARTITION', true),
      protocolError('RECORD_LIST_TOO_LARGE', false),
    ]);
    expect(rejectionReason(aggregate)).toBe('RECORD_LIST_TOO_LARGE');
  });

  it('finds the refusal nested several levels deep', () => {
    const deep = new Error('relay', {
      cause: { errors: [{ originalError: protocolError('POLICY_VIOLATION', false) }] },
    });
    expect(rejectionReason(deep)).toBe('POLICY_VIOLATION');
  });

  it.each([
    [
      'a refused connection',
      new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
    ],
    ['retries exhausted on a dead broker', retriesExceeded(new KafkaJSConnectionError('Connection timeout'))],
    ['a request timeout', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
    ['no leader yet', retriesExceeded(protocolError('LEADER_NOT_AVAILABLE', true))],
    ['too few in-sync replicas', protocolError('NOT_ENOUGH_REPLICAS', true)],
    ['a plain error that only mentions a refusal', new Error('MESSAGE_TOO_LARGE')],
  ])('treats %s as an outage to retry, not a refusal', (_case, error) => {
    expect(rejectionReason(error)).toBeUndefined();
  });

  it('returns undefined for non-errors and survives cyclic causes', () => {
    const cyclic: { cause?: unknown; type: string } = { type: 'NETWORK_EXCEPTION' };
    cyclic.cause = { originalError: cyclic };
    expect(rejectionReason(cyclic)).toBeUndefined();
    for (const value of [undefined, null, 'UNKNOWN_TOPIC_OR_PARTITION', 42]) {
      expect(rejectionReason(value)).toBeUndefined();
    }
  });
});
