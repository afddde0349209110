import { Histogram, register } from 'prom-client';

interface TimedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
}
interface TimedResponse {
  statusCode: number;
  once(event: 'finish', listener: () => void): void;
}

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
 * Express middleware timing every request. The label is the route template (`/orders/:id`), never
 * the raw path, so the number of series stays bounded.
 */
export function httpMetrics(request: TimedRequest, response: TimedResponse, next: () => void): void {
  const stop = requestSeconds.startTimer();
  response.once('finish', () => {
    const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
    stop({ method: request.method, route, status: String(response.statusCode) });
  });
  next();
}
