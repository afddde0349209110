import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { telemetrySettings } from './telemetry-settings.js';

let sdk: NodeSDK | undefined;

/** Probes and scrapes every few seconds would bury the order traces. */
const unobserved = /^\/(health|metrics)/;

/**
 * Starts tracing for this process: OTLP/HTTP export, W3C trace context and baggage, and automatic
 * spans for HTTP, NestJS, PostgreSQL, plus trace ids in pino logs. Kafka spans are not automatic:
 * the outbox relay and the consumer create them (libs/messaging), because only they know which
 * order's trace a message belongs to once it has waited in the outbox table.
 */
export function startTelemetry(): void {
  const settings = telemetrySettings();
  if (sdk || settings.disabled) return;
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      [ATTR_SERVICE_VERSION]: settings.serviceVersion,
    }),
    traceExporter: new OTLPTraceExporter({ url: `${settings.otlpEndpoint}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => unobserved.test(request.url ?? ''),
        // Only our own calls out (none today): the OTLP export itself must not be traced.
        ignoreOutgoingRequestHook: () => true,
      }),
      new NestInstrumentation(),
      // Reads outside saga transactions (Prisma's) get a span per statement; inside one, the
      // runner suppresses them for its single pg.transaction span.
      new PgInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes and stops the exporter; safe to call when telemetry never started. */
export async function shutdownTelemetry(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}
