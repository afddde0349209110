import { describe, expect, it } from '@jest/globals';
import { events, newEvent } from '@saga-shop/contracts';
import type { BrokerProducer, OutgoingMessage } from '../broker/broker-client.js';
import { addToOutbox } from './add-to-outbox.js';
import { DualWritePublisher } from './dual-write.js';

const placed = () => newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example));

/** Records SQL instead of running it, and what reaches the (fake) broker and when. */
function recorder() {
  const log: string[] = [];
  const sent: OutgoingMessage[] = [];
  const tx = {
    $executeRawUnsafe: async (query: string) => {
      log.push(`sql ${query.trim().split(/\s+/).slice(0, 3).join(' ')}`);
      return 1;
    },
  };
  const producer: BrokerProducer = {
    send: async (messages) => {
      log.push(`send ${messages.length}`);
      sent.push(...messages);
    },
    disconnect: async () => undefined,
  };
  return { log, sent, tx, publisher: new DualWritePublisher(async () => producer) };
}

describe('dual-write delivery (the benchmark baseline)', () => {
  it('publishes after the transaction resolves and writes no outbox row', async () => {
    const { log, sent, tx, publisher } = recorder();
    const event = placed();
    await publisher.commitThenPublish(async () => {
      await addToOutbox(tx, event);
      log.push('commit');
    });
    expect(log).toEqual(['commit', 'send 1']);
    expect(sent[0]).toMatchObject({ topic: 'order.placed.v1', key: event.orderId });
    expect(sent[0]!.headers?.['ce_id']).toBe(event.id);
  });

  it('publishes nothing when the transaction fails', async () => {
    const { log, tx, publisher } = recorder();
    const attempt = publisher.commitThenPublish(async () => {
      await addToOutbox(tx, placed());
      throw new Error('rolled back');
    });
    await expect(attempt).rejects.toThrow('rolled back');
    expect(log).toEqual([]);
  });

  it('leaves addToOutbox writing the outbox everywhere else', async () => {
    const { log, tx } = recorder();
    await addToOutbox(tx, placed());
    expect(log).toEqual(['sql INSERT INTO outbox', "sql SELECT pg_notify('saga_outbox', '')"]);
  });
});
