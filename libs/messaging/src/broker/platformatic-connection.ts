import { readFileSync } from 'node:fs';
import type { BaseOptions } from '@platformatic/kafka';
import { BrokerError } from './broker-error.js';
import type { BrokerConnectionOptions } from './connection-options.js';

const mechanisms = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;

/**
 * What every @platformatic/kafka client of this adapter shares: brokers, login, TLS, and the same
 * bounds as the kafkajs adapter. `logLevel` has no counterpart: the library logs nothing itself
 * (its `debug` channel is DEBUG=plt:kafka*).
 */
export function platformaticBaseOptions(
  options: BrokerConnectionOptions,
  requestTimeoutMs = 10_000,
): BaseOptions {
  const { sasl, tls } = options;
  return {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: options.connectionTimeoutMs ?? 3_000,
    // A hung broker fails a request in 10 s rather than the library's 30 s, so backoff paths run.
    requestTimeout: requestTimeoutMs,
    // Bounded, growing retries (100 ms to 2 s): the library's idempotent producer would otherwise
    // retry for ever, so an outage could never reach the relay's own backoff, and shutdown would hang.
    retries: 5,
    retryDelay: (_client, _operation, attempt) => Math.min(100 * 2 ** (attempt - 1), 2_000),
    ...(sasl
      ? { sasl: { mechanism: mechanisms[sasl.mechanism], username: sasl.username, password: sasl.password } }
      : {}),
    ...(tls ? { tls: tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {} } : {}),
  };
}

/**
 * The library's error as the port's BrokerError: its broker answers (ProtocolError's `apiId`) are
 * nested in MultipleErrors, one per attempt or partition; the last one is the latest answer.
 */
export function brokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  const parts = [...errorTree(error)];
  const answers = parts.flatMap((part) => {
    const type = answerOf(part);
    return type ? [new BrokerError(String(part.message), type)] : [];
  });
  const leaves = parts.filter((part) => !Array.isArray(part.errors) || part.errors.length === 0);
  const top = String((error as { message?: unknown })?.message ?? error);
  const details = [...new Set(leaves.map((leaf) => String(leaf.message)))].filter((text) => text !== top);
  return new BrokerError([top, ...details].join(': '), answers.at(-1)?.type, answers, { cause: error });
}

/** `promise`, failing with a BrokerError. */
export function withBrokerErrors<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw brokerError(error);
  });
}

type ErrorPart = { message?: unknown; apiId?: unknown; code?: unknown; errors?: unknown; cause?: unknown };

/**
 * Kafka's name for the broker's answer in `part`. A metadata request for a missing topic is the
 * exception: the library replaces UNKNOWN_TOPIC_OR_PARTITION by a plain UserError ("Unknown topic
 * <name>.", clients/base/base.js), so only its message says what the broker answered.
 */
function answerOf(part: ErrorPart): string | undefined {
  if (typeof part.apiId === 'string') return part.apiId;
  const unknownTopic = part.code === 'PLT_KFK_USER' && /^Unknown topic /.test(String(part.message));
  return unknownTopic ? 'UNKNOWN_TOPIC_OR_PARTITION' : undefined;
}

/** The error, what it aggregates (`errors`) and what caused it, depth first. */
function* errorTree(error: unknown, seen = new Set<unknown>()): Generator<ErrorPart> {
  if (!error || typeof error !== 'object' || seen.has(error)) return;
  seen.add(error);
  const part = error as ErrorPart;
  yield part;
  for (const nested of Array.isArray(part.errors) ? part.errors : []) yield* errorTree(nested, seen);
  yield* errorTree(part.cause, seen);
}
