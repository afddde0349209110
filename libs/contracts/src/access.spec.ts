import { describe, expect, it } from '@jest/globals';
import {
  consoleKafkaAccess,
  expectedSourceOf,
  kafkaAccessOf,
  sagaServices,
  topicsConsumedBy,
} from './access.js';
import { events } from './events/catalog.js';
import { allTopics } from './topics.js';

describe('Kafka access derived from the topology', () => {
  it('lets payment write only its own events and the dead-letter twins of what it reads', () => {
    expect(kafkaAccessOf('payment')).toEqual({
      service: 'payment',
      principal: 'saga-payment',
      group: 'saga-shop-payment',
      groups: ['saga-shop-payment'],
      read: ['order.cancelled.v1', 'inventory.reserved.v1', 'fulfilment.failed.v1'],
      write: [
        'payment.captured.v1',
        'payment.declined.v1',
        'payment.refunded.v1',
        'order.cancelled.v1.dlq',
        'inventory.reserved.v1.dlq',
        'fulfilment.failed.v1.dlq',
      ],
    });
  });

  it('gives every event exactly one writer among the services', () => {
    for (const topic of allTopics) {
      const writers = sagaServices.filter((service) => kafkaAccessOf(service).write.includes(topic));
      expect(writers).toEqual([events[topic].producer]);
    }
  });

  it('has every event consumed by someone other than its producer', () => {
    for (const topic of allTopics) {
      const readers = sagaServices.filter((service) => topicsConsumedBy(service).includes(topic));
      expect(readers.length).toBeGreaterThan(0);
      expect(readers).not.toContain(events[topic].producer);
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
