/**
 * Kafka error types that mean "this record will never be accepted as it is" (too large, invalid,
 * a topic that does not exist or we may not write), as opposed to an outage that retrying outlasts.
 */
const rejectedForGood = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TOPIC_EXCEPTION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'TOPIC_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
]);

/** The broker's reason when it refused a send for good, else undefined (an outage: retry). */
export function rejectionReason(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { type, cause, originalError, errors } = current as {
      type?: unknown;
      cause?: unknown;
      originalError?: unknown;
      errors?: unknown;
    };
    if (typeof type === 'string' && rejectedForGood.has(type)) return type;
    pending.push(cause, originalError, ...(Array.isArray(errors) ? errors : []));
  }
  return undefined;
}
