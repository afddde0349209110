import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MultipleErrors, NetworkError, ProtocolError, UserError } from '@platformatic/kafka';
import { classifyFailure } from '../consumer/failure-class.js';
import { rejectionReason } from '../outbox/broker-rejection.js';
import { brokerError, platformaticBaseOptions } from './platformatic-connection.js';

/** What the library fails a send with after retrying: answers nested one level per attempt. */
const afterRetries = (...answers: string[]) =>
  new MultipleErrors('Producing messages failed.', [
    new MultipleErrors(
      `produce failed ${answers.length} times.`,
      answers.map((id) => new ProtocolError(id)),
    ),
  ]);

describe('platformatic errors as BrokerErrors', () => {
  it("names the broker's latest answer, so the relay can tell a refusal from an outage", () => {
    const error = brokerError(afterRetries('NOT_LEADER_OR_FOLLOWER', 'MESSAGE_TOO_LARGE'));
    expect(error).toMatchObject({ name: 'BrokerError', type: 'MESSAGE_TOO_LARGE' });
    expect(error.errors.map((answer) => answer.type)).toEqual([
      'NOT_LEADER_OR_FOLLOWER',
      'MESSAGE_TOO_LARGE',
    ]);
    expect(error.message).toMatch(/^Producing messages failed\.: .*larger than/);
    expect(rejectionReason(error)).toBe('MESSAGE_TOO_LARGE');
    expect(classifyFailure(error)).toBe('infrastructure');
  });

  it('reads a missing topic out of the UserError the library makes of it', () => {
    const error = brokerError(new UserError('Unknown topic relay.missing.v1.'));
    expect(error.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(rejectionReason(error)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('leaves an unreachable broker without a type: an outage, retried', () => {
    const error = brokerError(
      new MultipleErrors('metadata failed 6 times.', [
        new NetworkError('Connection to 127.0.0.1:9092 refused.'),
      ]),
    );
    expect(error.type).toBeUndefined();
    expect(error.message).toContain('refused');
    expect(rejectionReason(error)).toBeUndefined();
    expect(classifyFailure(error)).toBe('infrastructure');
  });

  it('is given a rebalance as the type the offset committer drops', () => {
    expect(brokerError(afterRetries('ILLEGAL_GENERATION')).type).toBe('ILLEGAL_GENERATION');
  });
});

describe('platformatic connection options', () => {
  const common = { brokers: ['kafka-0:9093', 'kafka-1:9093'], clientId: 'saga-shop-order' };

  it.each([
    ['scram-sha-512', 'SCRAM-SHA-512'],
    ['scram-sha-256', 'SCRAM-SHA-256'],
    ['plain', 'PLAIN'],
  ] as const)('logs in with SASL %s as %s', (mechanism, expected) => {
    const options = platformaticBaseOptions({
      ...common,
      sasl: { mechanism, username: 'saga-order', password: 's3' },
    });
    expect(options).toMatchObject({
      clientId: 'saga-shop-order',
      bootstrapBrokers: common.brokers,
      sasl: { mechanism: expected, username: 'saga-order', password: 's3' },
    });
    expect(options.tls).toBeUndefined();
  });

  it('trusts the CA file it is given, or the system CAs without one', () => {
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'kafka-ca-')), 'ca.crt');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(platformaticBaseOptions({ ...common, tls: { caFile } }).tls).toEqual({
      ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
    });
    expect(platformaticBaseOptions({ ...common, tls: {} }).tls).toEqual({});
  });

  it('bounds retries, growing from 100 ms to 2 s', () => {
    const { retries, retryDelay } = platformaticBaseOptions(common);
    const delay = retryDelay as (client: object, operation: string, attempt: number) => number;
    expect(retries).toBe(5);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => delay({}, 'produce', attempt))).toEqual([
      100, 200, 400, 800, 1600, 2000,
    ]);
  });
});
