import { describe, expect, it } from '@jest/globals';
import { addToSagaMap } from './readme-edits.ts';
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
  consumers: ['inventory'],
  schema: z.object({ orderId }),
});

export const orderNoted = defineEvent({
  type: topics.orderNotedV1,
  producer: 'order',
  consumers: [],
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

  it('adds the service to the consumers of exactly the event it names, once', () => {
    const edited = addConsumer('order-events.ts', orderEvents, 'orderPlacedV1', 'loyalty');
    expect(edited).toContain(`consumers: ['inventory', 'loyalty'],`);
    expect(edited?.match(/consumers: \[\]/g)).toHaveLength(1);
    expect(() => addConsumer('order-events.ts', edited ?? '', 'orderPlacedV1', 'loyalty')).toThrow(/already/);
    expect(addConsumer('order-events.ts', orderEvents, 'paymentCapturedV1', 'loyalty')).toBeUndefined();
  });

  it("drops the no-consumer-yet mark, with its comment, from an event's first consumer", () => {
    const edited = addConsumer('order-events.ts', orderEvents, 'orderNotedV1', 'loyalty') ?? '';
    expect(edited).toContain(`  consumers: ['loyalty'],\n  schema: z.object({ orderId }),\n});\n`);
    expect(edited).not.toMatch(/noConsumerYet|Remove once/);
  });

  it('names topics as topics.ts does', () => {
    expect(topicKeyOf('order.placed.v1')).toBe('orderPlacedV1');
    expect(topicKeyOf('loyalty.recorded.v12')).toBe('loyaltyRecordedV12');
    expect(() => topicKeyOf('order-placed')).toThrow(/not an event type/);
  });
});

describe('the generator edit of the README saga map', () => {
  const readme = [
    '# x',
    '',
    '## The saga map',
    '',
    '| event (topic) | producer | consumers and their reaction | compensation it triggers |',
    '| --- | --- | --- | --- |',
    '| `order.placed.v1` | order | inventory reserves all lines or none | — |',
    '| `order.noted.v1` | order | — (no consumer yet) | — |',
    '',
    '### Evolving an event',
    '',
  ].join('\n');

  it("adds the reaction to the consumed event's row and a row for the new event", () => {
    const published = { type: 'loyalty.recorded.v1', producer: 'loyalty' };
    const edited = addToSagaMap(readme, 'order.placed.v1', 'loyalty records the order', published);
    expect(edited).toContain(
      '| `order.placed.v1` | order | inventory reserves all lines or none; loyalty records the order | — |',
    );
    expect(edited).toContain(
      '| `order.noted.v1` | order | — (no consumer yet) | — |\n| `loyalty.recorded.v1` | loyalty | — (no consumer yet) | — |\n\n### Evolving',
    );
    expect(addToSagaMap(readme, 'order.noted.v1', 'loyalty records it', published)).toContain(
      '| `order.noted.v1` | order | loyalty records it | — |',
    );
    expect(() => addToSagaMap(readme, 'payment.captured.v1', 'x', published)).toThrow(/no row/);
  });
});
