import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@saga-shop/testing';
import type { BrokerProducer } from '../src/broker/broker-client.js';
import { listQuarantined, resendQuarantined } from '../src/outbox/quarantine.js';
import { relayMetrics } from '../src/outbox/relay-metrics.js';
import { appendedCount, distinctMessages } from './topic-contents.js';
import {
  RelayHarness,
  broker,
  recordingProducer,
  unreachableBroker,
  type SendRecord,
} from './relay-harness.js';

const harness = new RelayHarness();
const missingTopic = `relay.missing-${randomUUID().slice(0, 8)}.v1`;

/** A producer that fails like kafkajs after its retries while `outage.on`, else sends for real. */
function duringOutage(outage: { on: boolean; failedSends: number }) {
  return async (): Promise<BrokerProducer> => {
    const real = await broker.producer();
    return {
      async send(messages) {
        if (!outage.on) return real.send(messages);
        await new Promise((resolve) => setTimeout(resolve, 20));
        outage.failedSends += 1;
        throw unreachableBroker();
      },
      disconnect: () => real.disconnect(),
    };
  };
}

describe('outbox relay failures (real PostgreSQL and Kafka)', () => {
  beforeAll(async () => {
    await harness.setUp();
    // Deleted at the end: the quarantine test creates it once the row is quarantined.
    await harness.createTopic(missingTopic, false);
  });
  afterEach(() => harness.stopRelays());
  afterAll(() => harness.tearDown());

  it('keeps rows in place and in order through a broker outage, and publishes them in order after it', async () => {
    const values = ['outage-0', 'outage-1', 'outage-2', 'outage-3'];
    const outage = { on: true, failedSends: 0 };
    harness.relay({ connectProducer: duringOutage(outage) });
    await harness.insert(values.map((value) => ({ value })));

    await waitFor(async () => outage.failedSends >= 3, { what: 'three failed sends' });
    expect(await harness.stored('outage-')).toEqual(values);
    expect(harness.receivedValues('outage-')).toEqual([]);

    outage.on = false;
    await harness.waitForReceived('outage-', values.length);
    expect(harness.receivedValues('outage-')).toEqual(values);
    await waitFor(async () => (await harness.stored('outage-')).length === 0, { what: 'rows deleted' });
  });

  it('backs off through a broker outage even while commits keep waking it', async () => {
    const outage = { on: true, failedSends: 0 };
    const relay = harness.relay({ connectProducer: duringOutage(outage) });
    await harness.insert([{ value: 'hammer-0' }]);
    await waitFor(async () => outage.failedSends >= 1, { what: 'a failed send' });
    const waking = setInterval(() => relay.wake(), 10);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    clearInterval(waking);
    // Backoff sleeps at least 50, 100, 200, 400, 800 ms: six attempts fit in 1.5 s, not dozens.
    expect(outage.failedSends).toBeLessThanOrEqual(7);
    outage.on = false;
    await harness.waitForReceived('hammer-', 1);
  });

  it('stops promptly during a broker outage, while backing off, and leaves the rows for the next relay', async () => {
    const outage = { on: true, failedSends: 0 };
    const relay = harness.relay({ connectProducer: duringOutage(outage) });
    await harness.insert([{ value: 'stopping-0' }]);
    // After five failures the backoff sleeps at least 800 ms.
    await waitFor(async () => outage.failedSends >= 5, { what: 'five failed sends' });

    const stopping = performance.now();
    await relay.stop();
    expect(performance.now() - stopping).toBeLessThan(300);
    expect(await harness.stored('stopping-')).toEqual(['stopping-0']);

    harness.relay();
    await harness.waitForReceived('stopping-', 1);
  });

  it('quarantines a row for a missing topic after rejectionsBeforeQuarantine refusals; the rows behind it flow on', async () => {
    const quarantinedBefore = (await relayMetrics.quarantined.get()).values[0]?.value ?? 0;
    const sends: SendRecord[] = [];
    harness.relay({ rejectionsBeforeQuarantine: 2, connectProducer: recordingProducer(sends) });
    await harness.insert([
      { value: 'quarantine-before' },
      { value: 'quarantine-refused', topic: missingTopic },
      { value: 'quarantine-after-0' },
      { value: 'quarantine-after-1' },
    ]);

    await harness.waitForReceived('quarantine-', 3, 45_000);
    expect(harness.receivedValues('quarantine-')).toEqual([
      'quarantine-before',
      'quarantine-after-0',
      'quarantine-after-1',
    ]);
    const [quarantined, ...others] = await listQuarantined(harness.schema.pool);
    expect(others).toEqual([]);
    expect(quarantined).toMatchObject({ topic: missingTopic, messageKey: 'order-1' });
    expect(quarantined!.reason).toMatch(/^UNKNOWN_TOPIC_OR_PARTITION: /);
    expect(await harness.stored('quarantine-')).toEqual(['quarantine-refused']);
    // Refused alone exactly twice (the batch it spoiled does not count), then set aside.
    const refusedAlone = sends.filter(
      (send) => send.messages.length === 1 && send.messages[0]!.topic === missingTopic,
    );
    expect(refusedAlone.map((send) => send.acked)).toEqual([false, false]);
    expect((await relayMetrics.quarantined.get()).values[0]?.value).toBe(quarantinedBefore + 1);
  }, 60_000);

  it('publishes a quarantined row once its topic exists and resendQuarantined gave it back', async () => {
    const [quarantined] = await listQuarantined(harness.schema.pool);
    expect(quarantined?.topic).toBe(missingTopic);
    harness.relay();
    await harness.admin.ensureTopics([{ topic: missingTopic, partitions: 1 }]);

    expect(await resendQuarantined(harness.schema.pool, [quarantined!.id])).toBe(1);
    const published = await distinctMessages(broker, missingTopic, 1);
    expect(published.map((message) => message.value)).toEqual(['quarantine-refused']);
    await waitFor(async () => (await harness.stored('quarantine-')).length === 0, { what: 'row deleted' });
    expect(await appendedCount(harness.admin, missingTopic)).toBe(1);
    expect(await listQuarantined(harness.schema.pool)).toEqual([]);
  }, 45_000);
});
