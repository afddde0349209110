import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SagaClient, SagaStack, serviceNames, waitFor, bearer } from '@saga-shop/testing';

// Against the real local Jaeger v2 (infra/local; needs Go to build it): the services export to
// its OTLP port as `npm start` does, and its query API returns the order's trace.
const jaeger = process.env['JAEGER_URL'] ?? 'http://127.0.0.1:16686';
const stack = new SagaStack({ env: { OTEL_BSP_SCHEDULE_DELAY: '100' } });
const client = new SagaClient(stack);

interface JaegerTrace {
  spans: { spanID: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

describe('Jaeger', () => {
  beforeAll(async () => {
    const services = await fetch(`${jaeger}/api/services`).catch(() => undefined);
    if (services?.status !== 200)
      throw new Error(`Jaeger does not answer at ${jaeger} (npm run infra -- up jaeger)`);
    await stack.start();
  }, 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('returns the trace of a completed order with spans from all four services', async () => {
    const traceId = randomBytes(16).toString('hex');
    const body = client.orderBody();
    const response = await fetch(`${stack.url('order')}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        ...(await bearer(body.customerId)),
      },
      body: JSON.stringify(body),
    });
    const { orderId } = (await response.json()) as { orderId: string };
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');

    const trace = await waitFor(
      async () => {
        const answer = await fetch(`${jaeger}/api/traces/${traceId}`);
        if (answer.status !== 200) return undefined;
        const [found] = ((await answer.json()) as { data: JaegerTrace[] }).data;
        const services = new Set(Object.values(found?.processes ?? {}).map((process) => process.serviceName));
        return serviceNames.every((name) => services.has(name)) ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `Jaeger to hold trace ${traceId} from all four services` },
    );
    const perService = new Map<string, number>();
    for (const span of trace.spans) {
      const service = trace.processes[span.processID]?.serviceName ?? 'unknown';
      perService.set(service, (perService.get(service) ?? 0) + 1);
    }
    console.log(`Jaeger trace ${traceId}: ${trace.spans.length} spans`, Object.fromEntries(perService));
    expect(trace.spans.length).toBeGreaterThan(8);
  }, 90_000);
});
