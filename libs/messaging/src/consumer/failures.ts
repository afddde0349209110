/**
 * Thrown by a reaction when retrying cannot help (a bug in data, not an outage): the message goes
 * straight to the dead-letter topic. Anything else a reaction throws is classified by
 * `classifyFailure` (failure-class.ts).
 */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}

/**
 * An event this service was about to publish breaks its own contract: a bug in the producer, never
 * an outage. It is never retried as transient; the incoming event that led to it is dead-lettered
 * at once and the error is logged loudly.
 */
export class ProducerContractViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProducerContractViolation';
  }
}

/**
 * Two transactions raced for the same rows and this one lost (a row it expected to insert was
 * inserted meanwhile). Retrying at once sees the winner's rows and decides again.
 */
export class WriteConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteConflict';
  }
}
