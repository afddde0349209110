import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { dropInboundBaggage } from '../auth/inbound-baggage.js';
import { timeHttpRequests } from '../metrics/http-metrics.js';
import { acceptJsonBodiesOnly, bodyLimitBytes } from './json-body.js';
import { ProblemDetailsFilter, sendProblem, statusTitle } from './problem-details.filter.js';

/**
 * The HTTP server every service runs on: Fastify, routing as Express did before it (`/orders/`
 * and `/Orders` find `/orders`), and JSON bodies up to `bodyLimitBytes`.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    routerOptions: {
      ignoreTrailingSlash: true,
      caseSensitive: false,
      // Ids and SKUs are far shorter; past this the router answers 414 problem+json.
      maxParamLength: 1024,
    },
    // The router refuses a malformed URL (400) or an over-long parameter (414) before any hook
    // or exception filter runs: answered here, as problem+json too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      sendProblem(request, reply, { status, title: statusTitle(status), detail: error.message });
    },
    // While shutting down, requests on open keep-alive connections are still answered, with
    // `Connection: close` (see start-service.ts), rather than refused with Fastify's plain 503.
    return503OnClosing: false,
  });
}

/**
 * What the REST edge of every service does before any controller runs: JSON bodies only (415
 * otherwise), clients' baggage dropped, every error as problem+json, and every request timed.
 * Call before `listen()`.
 */
export function configureHttpEdge(app: NestFastifyApplication): void {
  const instance = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(instance);
  dropInboundBaggage(instance);
  timeHttpRequests(instance);
  app.useGlobalFilters(new ProblemDetailsFilter());
}
