import { context, propagation } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * W3C `baggage` from an HTTP client is untrusted: it would flow into every event of the order
 * and into log fields (the orderId of a log line comes from baggage). The HTTP instrumentation
 * has already extracted it by the time Fastify runs, so the rest of the request runs in a context
 * without it. The trace context itself (traceparent) is kept: it only links spans.
 */
export function dropInboundBaggage(instance: FastifyInstance): void {
  instance.addHook('onRequest', (_request, _reply, done) => {
    const active = context.active();
    if (!propagation.getBaggage(active)) return done();
    context.with(propagation.deleteBaggage(active), done);
  });
}
