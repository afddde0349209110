import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { deadLetterTopicOf, encodeEvent, events, newEvent, topics } from '@saga-shop/contracts';
import { brokerClientKindFrom, createBrokerClient, type IncomingMessage } from '@saga-shop/messaging';
import {
  SagaClient,
  SagaStack,
  adminBrokerOptions,
  bearer,
  databaseUrlFor,
  readSince,
  readTopics,
  topicEnds,
} from '@saga-shop/testing';

// Attacks through the data the saga carries: a forged event source on Kafka, and hostile W3C
// baggage from an HTTP client. The first is dead-lettered as a contract violation; the second
// never reaches an event or the order's stored trace context.
const stack = new SagaStack();
const client = new SagaClient(stack);
const kafka = createBrokerClient(
  adminBrokerOptions('security-events-e2e'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);

describe('forged and hostile input on the saga’s own channels', () => {
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop(), 60_000);

  it('dead-letters a payment.captured.v1 whose ce_source is not payment, and ships nothing', async () => {
    const marker = randomUUID();
    const orderId = randomUUID();
    const forged = encodeEvent(
      newEvent('payment.captured.v1', { ...structuredClone(events['payment.captured.v1'].example), orderId }),
    );
    const producer = await kafka.producer();
    await producer.send([
      { ...forged, headers: { ...forged.headers, ce_source: '/saga-shop/order', test_marker: marker } },
    ]);
    await producer.disconnect();

    // Both consumers of the type (order, fulfilment) refuse it and park it.
    const letters = await readTopics(
      kafka,
      [deadLetterTopicOf(topics.paymentCapturedV1)],
      (message: IncomingMessage) => message.headers['test_marker'] === marker,
      (kept) => kept.length >= 2,
      60_000,
    );
    expect(new Set(letters.map((letter) => letter.headers['dlq_consumer_group']))).toEqual(
      new Set(['saga-shop-order', 'saga-shop-fulfilment']),
    );
    for (const letter of letters) {
      expect(letter.headers['dlq_error_kind']).toBe('contract-violation');
      expect(letter.headers['dlq_error']).toMatch(
        /ce_source \/saga-shop\/order does not own payment.captured.v1/,
      );
    }
    const db = new pg.Client({ connectionString: databaseUrlFor('fulfilment') });
    await db.connect();
    try {
      expect(
        (await db.query('SELECT count(*) FROM shipments WHERE order_id = $1', [orderId])).rows[0].count,
      ).toBe('0');
    } finally {
      await db.end();
    }
  });

  it('drops baggage sent by an HTTP client: not in the event, not in the stored trace context', async () => {
    const before = await topicEnds(kafka, [topics.orderPlacedV1]);
    const body = client.orderBody();
    const response = await fetch(`${stack.url('order')}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        baggage: 'saga.order_id=forged-order,role=admin',
        ...(await bearer(body.customerId)),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');

    const [placed] = await readSince(kafka, before, (message: IncomingMessage) => message.key === orderId);
    expect(placed?.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-/);
    expect(JSON.stringify(placed?.headers)).not.toMatch(/forged-order|role=admin/);
    const db = new pg.Client({ connectionString: databaseUrlFor('order') });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT trace_headers FROM orders WHERE id = $1', [orderId]);
      expect(JSON.stringify(rows[0].trace_headers)).not.toMatch(/forged-order|role=admin/);
    } finally {
      await db.end();
    }
  });
});
