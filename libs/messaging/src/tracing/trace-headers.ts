import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * W3C trace context (traceparent, tracestate, baggage) of the active span, as message headers.
 * Without an OpenTelemetry SDK registered this is empty, and everything still works.
 */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The trace context carried by a message's headers, to continue the trace on the consumer side. */
export function contextFromHeaders(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers);
}
