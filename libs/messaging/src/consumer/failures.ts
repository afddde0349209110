/**
 * Thrown by a reaction when retrying cannot help (a bug in data, not an outage): the message goes
 * straight to the dead-letter topic. Anything else a reaction throws is retried with backoff.
 */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}
