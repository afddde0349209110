import { describe, expect, it } from '@jest/globals';
import { topicKeyOf } from './service-names.ts';
import { addConsumer, addTopic, addToCatalog } from './source-edits.ts';

const topics = `export const topics = {
  orderPlacedV1: 'order.placed.v1',
  fulfilmentFailedV1: 'fulfilment.failed.v1',
} as const;
`;

const orderEvents = `export const orderPlaced = defineEvent({
  type: topics.orderPlacedV1,
  producer: 'order',
  reactions: {
    inventory: 'reserves all lines or none',
  },
  schema: z.object({ orderId }),
});

export const orderNoted = defineEvent({
  type: topics.orderNotedV1,
  producer: 'order',
  reactions: {},
  // Remove once a service reacts to it.
  noConsumerYet: true,
  schema: z.object({ orderId }),
});
`;

describe('the generator edits of libs/contracts', () => {
  it('appends a topic, keeping the trailing comma, and refuses a key that exists', () => {
    const edited = addTopic('topics.ts', topics, 'loyaltyRecordedV1', 'loyalty.recorded.v1');
    expect(edited).toContain(
      `  fulfilmentFailedV1: 'fulfilment.failed.v1',\n  loyaltyRecordedV1: 'loyalty.recorded.v1',\n} as const;`,
    );
    expect(() => addTopic('topics.ts', edited, 'loyaltyRecordedV1', 'loyalty.recorded.v1')).toThrow(
      /exists already/,
    );
  });

  it('imports and registers the new event in the catalog', () => {
    const catalog = `import { orderPlaced } from './order-events.js';\n\nexport const events = {\n  [orderPlaced.type]: orderPlaced,\n} as const satisfies Record<Topic, EventDefinition>;\n`;
    expect(addToCatalog('catalog.ts', catalog, 'loyaltyRecorded', './loyalty-events.js')).toBe(
      `import { orderPlaced } from './order-events.js';\nimport { loyaltyRecorded } from './loyalty-events.js';\n\n` +
        `export const events = {\n  [orderPlaced.type]: orderPlaced,\n  [loyaltyRecorded.type]: loyaltyRecorded,\n} as const satisfies Record<Topic, EventDefinition>;\n`,
    );
  });

  it('adds the service and its reaction to exactly the event it names, once', () => {
    const edited = addConsumer(
      'order-events.ts',
      orderEvents,
      'orderPlacedV1',
      'loyalty',
      "records the order's points",
    );
    expect(edited).toContain(
      `  reactions: {\n    inventory: 'reserves all lines or none',\n    loyalty: 'records the order\\'s points',\n  },`,
    );
    expect(edited?.match(/reactions: \{\}/g)).toHaveLength(1);
    expect(() => addConsumer('order-events.ts', edited ?? '', 'orderPlacedV1', 'loyalty', 'x')).toThrow(
      /already/,
    );
    expect(addConsumer('order-events.ts', orderEvents, 'paymentCapturedV1', 'loyalty', 'x')).toBeUndefined();
  });

  it("drops the no-consumer-yet mark, with its comment, from an event's first consumer", () => {
    const edited = addConsumer('order-events.ts', orderEvents, 'orderNotedV1', 'loyalty', 'records it') ?? '';
    expect(edited).toContain(
      `  reactions: {\n    loyalty: 'records it'},\n  schema: z.object({ orderId }),\n});\n`,
    );
    expect(edited).not.toMatch(/noConsumerYet|Remove once/);
  });

  it('names topics as topics.ts does', () => {
    expect(topicKeyOf('order.placed.v1')).toBe('orderPlacedV1');
    expect(topicKeyOf('loyalty.recorded.v12')).toBe('loyaltyRecordedV12');
    expect(() => topicKeyOf('order-placed')).toThrow(/not an event type/);
  });
});
