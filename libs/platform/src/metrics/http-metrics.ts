import type { FastifyInstance } from 'fastify';
import { Histogram, register } from 'prom-client';

const requestSeconds =
  (register.getSingleMetric('http_request_duration_seconds') as
    Histogram<'method' | 'route' | 'status'> | undefined) ??
  new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status (count = rate, buckets = latency).',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

/**
 * Times every request Fastify answers, from its arrival to the last byte written. The label is
 * the route template (`/orders/:id`), never the raw path, so the number of series stays bounded;
 * a request no route matched is `unmatched`.
 */
export function timeHttpRequests(instance: FastifyInstance): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    requestSeconds.observe(
      { method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
