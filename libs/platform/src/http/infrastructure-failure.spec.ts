import { describe, expect, it } from '@jest/globals';
import { isInfrastructureFailure } from './infrastructure-failure.js';

// Prisma's errors as @prisma/adapter-pg 7 raises them (shapes copied from real failures).
const prismaError = (code: string, cause?: Record<string, unknown>) =>
  Object.assign(new Error('prisma'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: cause ? { modelName: 'Order', driverAdapterError: { name: 'DriverAdapterError', cause } } : {},
  });

describe('isInfrastructureFailure', () => {
  it('sees an unreachable database through pg and through Prisma', () => {
    expect(isInfrastructureFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isInfrastructureFailure(prismaError('P1001', { kind: 'DatabaseNotReachable', port: 1 }))).toBe(
      true,
    );
    expect(isInfrastructureFailure(prismaError('P2010', { kind: 'ConnectionClosed' }))).toBe(true);
    expect(isInfrastructureFailure(prismaError('P2010', { kind: 'postgres', code: '57P01' }))).toBe(true);
    expect(isInfrastructureFailure(prismaError('P2024'))).toBe(true);
  });

  it('sees a broker outage (kafkajs) as infrastructure', () => {
    const error = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    expect(isInfrastructureFailure(error)).toBe(true);
  });

  it('does not excuse bugs or bad data as an outage', () => {
    expect(isInfrastructureFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isInfrastructureFailure(prismaError('P2002', { kind: 'UniqueConstraintViolation' }))).toBe(false);
    expect(isInfrastructureFailure(prismaError('P2010', { kind: 'postgres', code: '22P02' }))).toBe(false);
    expect(isInfrastructureFailure('a string')).toBe(false);
    expect(isInfrastructureFailure(null)).toBe(false);
  });
});
