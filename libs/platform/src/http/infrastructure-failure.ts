import { classifyFailure } from '@saga-shop/messaging';

// Prisma, which serves the REST reads, reports an unreachable database with its own error codes
// (can't reach, timed out, connection closed, pool timeout) and keeps the pg error in
// `meta.driverAdapterError.cause` instead of `cause`, where classifyFailure does not look.
const prismaInfrastructureCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const driverAdapterInfrastructureKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

interface PrismaLikeError {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } };
}

/**
 * Whether a request failed because the database or the broker is unreachable (an outage, not a
 * bug in the request or the code): the edge answers 503 with Retry-After instead of 500.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  if (classifyFailure(error) === 'infrastructure') return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as PrismaLikeError;
  if (typeof code === 'string' && prismaInfrastructureCodes.has(code)) return true;
  const driverCause = meta?.driverAdapterError?.cause;
  if (!driverCause) return false;
  if (typeof driverCause.kind === 'string' && driverAdapterInfrastructureKinds.has(driverCause.kind))
    return true;
  const sqlState = driverCause.originalCode ?? driverCause.code;
  return typeof sqlState === 'string' && classifyFailure({ code: sqlState }) === 'infrastructure';
}
