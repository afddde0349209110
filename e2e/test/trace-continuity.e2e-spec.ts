import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import {
  OtlpReceiver,
  SagaClient,
  SagaStack,
  readCounter,
  serviceNames,
  waitFor,
  type ReceivedSpan,
  bearer,
} from '@saga-shop/testing';

// One POST /orders is one trace across all four services: from the HTTP request into the outbox
// row, through the relay's publish span, across Kafka headers into each consumer, and on.
const receiver = new OtlpReceiver();
let stack: SagaStack;
let client: SagaClient;
const PRODUCER = 4;
const CONSUMER = 5;

/** Places an order inside a trace we start, so the test knows the trace id to look for. */
async function placeTracedOrder(input: Parameters<SagaClient['orderBody']>[0]) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const body = client.orderBody(input);
  const response = await fetch(`${stack.url('order')}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${callerSpanId}-01`,
      ...(await bearer(body.customerId)),
    },
    body: JSON.stringify(body),
  });
  const { orderId } = (await response.json()) as { orderId: string };
  // The answer names the trace, so a user can look the order up in Jaeger.
  expect(response.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  return { orderId, traceId, callerSpanId };
}

/** Spans whose parent is neither in the trace nor the caller's span. */
function orphansOf(spans: ReceivedSpan[], callerSpanId: string): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans
    .filter((span) => span.parentSpanId !== callerSpanId && !ids.has(span.parentSpanId))
    .map((span) => `${span.service}: ${span.name}`);
}

function expectUnbrokenTrace(spans: ReceivedSpan[], callerSpanId: string) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  // Every span hangs off another span of the same trace (or off the caller's span).
  expect(orphansOf(spans, callerSpanId)).toEqual([]);
  for (const consumed of spans.filter((span) => span.kind === CONSUMER)) {
    // Each Kafka hop: the consumer's span is the child of the publish span of that very message.
    const publish = byId.get(consumed.parentSpanId);
    expect(publish?.kind).toBe(PRODUCER);
    expect(publish?.attributes['messaging.message.id']).toBe(consumed.attributes['messaging.message.id']);
  }
  for (const publish of spans.filter((span) => span.kind === PRODUCER)) {
    // The outbox hop: the relay's publish span is the child of the span that wrote the outbox row.
    expect(byId.get(publish.parentSpanId)?.service).toBe(publish.service);
  }
}

/**
 * Spans arrive in export batches, from four processes: wait until the last hop is there and every
 * parent has arrived. A trace that stays broken fails here, naming the orphans it kept.
 */
async function collectTrace(traceId: string, callerSpanId: string, lastHop: string): Promise<ReceivedSpan[]> {
  let spans: ReceivedSpan[] = [];
  await waitFor(
    async () => {
      spans = receiver.trace(traceId);
      const done = spans.some((span) => span.name === `process ${lastHop}` && span.service === 'order');
      const services = new Set(spans.map((span) => span.service));
      return (
        done &&
        serviceNames.every((name) => services.has(name)) &&
        orphansOf(spans, callerSpanId).length === 0
      );
    },
    { timeoutMs: 30_000, what: `trace ${traceId} to reach ${lastHop} in all four services, unbroken` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; orphans: ${orphansOf(spans, callerSpanId).join(', ')}`);
  });
  return spans;
}

describe('one trace per order', () => {
  beforeAll(async () => {
    const endpoint = await receiver.start();
    stack = new SagaStack({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'info' },
    });
    client = new SagaClient(stack);
    await stack.start();
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    await receiver.stop();
  }, 60_000);

  it('carries a completed order through all four services and every outbox and Kafka hop', async () => {
    const { orderId, traceId, callerSpanId } = await placeTracedOrder({});
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');
    const spans = await collectTrace(traceId, callerSpanId, 'fulfilment.shipped.v1');
    expectUnbrokenTrace(spans, callerSpanId);
    const hops = spans
      .filter((span) => span.kind === CONSUMER)
      .map((span) => `${span.service} ← ${span.name}`);
    expect(hops).toEqual(
      expect.arrayContaining([
        'inventory ← process order.placed.v1',
        'payment ← process inventory.reserved.v1',
        'fulfilment ← process payment.captured.v1',
        'order ← process fulfilment.shipped.v1',
      ]),
    );
    // PostgreSQL work of the consumers is in the trace too.
    expect(
      spans.some(
        (span) =>
          (span.service === 'inventory' && span.attributes['db.system.name'] !== undefined) ||
          span.attributes['db.system'] !== undefined,
      ),
    ).toBe(true);
  }, 60_000);

  it('keeps the compensations of a failed order in the same trace', async () => {
    const { orderId, traceId, callerSpanId } = await placeTracedOrder({ country: 'AQ' });
    expect((await client.waitForTerminal(orderId)).reason).toBe('FULFILMENT_FAILED');
    const spans = await collectTrace(traceId, callerSpanId, 'payment.refunded.v1');
    expectUnbrokenTrace(spans, callerSpanId);
    const published = spans.filter((span) => span.kind === PRODUCER).map((span) => span.name);
    expect(published).toEqual(
      expect.arrayContaining([
        'publish fulfilment.failed.v1',
        'publish payment.refunded.v1',
        'publish inventory.released.v1',
      ]),
    );
  }, 60_000);

  it('writes the trace id and the order id on the log lines of the services that handled the order', async () => {
    const { orderId, traceId } = await placeTracedOrder({});
    await client.waitForTerminal(orderId);
    await waitFor(
      async () => {
        const logs = await Promise.all(
          serviceNames.map((name) => readFile(stack.services[name].logFile, 'utf8')),
        );
        // The services downstream also name the order on the lines written while handling it.
        return (
          logs.every((log) => log.includes(`"trace_id":"${traceId}"`)) &&
          logs.slice(1).every((log) => log.includes(`"orderId":"${orderId}"`))
        );
      },
      { timeoutMs: 15_000, what: `log lines with trace_id ${traceId} in all four services` },
    );
  }, 60_000);

  it('exposes the saga, outbox, consumer and HTTP metrics with sane values', async () => {
    const metric = (service: 'order' | 'inventory', name: string) => readCounter(stack.url(service), name);
    expect(await metric('order', 'saga_orders_terminal_total')).toBeGreaterThanOrEqual(3);
    expect(await metric('order', 'saga_time_to_terminal_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(await metric('order', 'outbox_published_total')).toBeGreaterThanOrEqual(3);
    expect(await metric('order', 'outbox_relay_lag_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(await metric('order', 'outbox_backlog')).toBe(0);
    expect(await metric('inventory', 'consumer_messages_handled_total')).toBeGreaterThanOrEqual(3);
    const text = await (await fetch(`${stack.url('order')}/metrics`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="POST",route="\/orders",status="202"\} [1-9]/,
    );
    expect(text).toMatch(/outbox_oldest_unpublished_age_seconds\{[^}]*\} 0/);
  });
});
