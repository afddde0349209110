import { describe, expect, it } from '@jest/globals';
import { consoleKafkaAccess, expectedSourceOf, kafkaAccessOf, topicsConsumedBy } from './access.js';
import { events } from './events/catalog.js';
import type { EventDefinition } from './events/define-event.js';
import { sagaServices } from './events/saga-services.js';
import { allTopics } from './topics.js';

describe('Kafka access derived from the topology', () => {
  it('lets payment write only its own events and the dead-letter twins of what it reads', () => {
    expect(kafkaAccessOf('payment')).toEqual({
      service: 'payment',
      principal: 'saga-payment',
      group: 'saga-shop-payment',
      groups: ['saga-shop-payment'],
      read: ['inventory.reserved.v1', 'fulfilment.failed.v1', 'order.cancelled.v1'],
      write: [
        'payment.captured.v1',
        'payment.declined.v1',
        'payment.refunded.v1',
        'inventory.reserved.v1.dlq',
        'fulfilment.failed.v1.dlq',
        'order.cancelled.v1.dlq',
      ],
    });
  });

  it('gives every event exactly one writer among the services', () => {
    for (const topic of allTopics) {
      const writers = sagaServices.filter((service) => kafkaAccessOf(service).write.includes(topic));
      expect(writers).toEqual([events[topic].producer]);
    }
  });

  it('has every event consumed by someone other than its producer, its previous version still read, or marked as having no consumer yet', () => {
    const readersOf = (topic: string) =>
      sagaServices.filter((service) => (topicsConsumedBy(service) as string[]).includes(topic));
    for (const topic of allTopics) {
      expect(readersOf(topic)).not.toContain(events[topic].producer);
      // A v2 is dual-published before any consumer moves to it (README, "Evolving an event"): until
      // then its v1 is what the saga reads.
      const previous = previousVersionOf(topic);
      const read =
        readersOf(topic).length > 0 ||
        (previous !== undefined && readersOf(previous).length > 0) ||
        (events[topic] as EventDefinition).noConsumerYet === true;
      expect({ topic, read }).toEqual({ topic, read: true });
      // The mark goes once a consumer comes, so it never hides a dead event.
      if ((events[topic] as EventDefinition).noConsumerYet)
        expect({ topic, readers: readersOf(topic) }).toEqual({ topic, readers: [] });
    }
  });

  it('expects the producer as the CloudEvents source', () => {
    expect(expectedSourceOf('payment.captured.v1')).toBe('/saga-shop/payment');
  });

  it('lets the console read every topic and its dead letters, and write no dead-letter topic', () => {
    const access = consoleKafkaAccess();
    expect(access.read).toHaveLength(allTopics.length * 2);
    expect(access.write).toEqual([...allTopics]);
    expect(access.write.some((topic) => topic.endsWith('.dlq'))).toBe(false);
    expect(access.groups).toEqual(['saga-shop-console', 'saga-shop-dlq-redrive']);
  });
});

/** order.placed.v2 → order.placed.v1 (if the catalog has it); v1 has none. */
function previousVersionOf(topic: string): string | undefined {
  const match = /^(.*)\.v(\d+)$/.exec(topic);
  if (!match || match[2] === '1') return undefined;
  const previous = `${match[1]}.v${Number(match[2]) - 1}`;
  return (allTopics as readonly string[]).includes(previous) ? previous : undefined;
}
