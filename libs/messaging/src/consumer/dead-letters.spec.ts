import { describe, expect, it } from '@jest/globals';
import { asyncApiDocument, encodeEvent, events, newEvent } from '@saga-shop/contracts';
import type { IncomingMessage } from '../broker/broker-client.js';
import { toDeadLetter } from './dead-letters.js';

const orderPlaced = events['order.placed.v1'];
const encoded = encodeEvent(newEvent(orderPlaced.type, orderPlaced.example));
const arrived: IncomingMessage = { ...encoded, partition: 2, offset: '41', timestamp: 0 };

describe('dead letters', () => {
  // docs/asyncapi.yaml tells operators what a dead letter carries; the names live here.
  it('add exactly the dlq_* headers the AsyncAPI document declares for a dead letter', () => {
    const letter = toDeadLetter(arrived, {
      kind: 'contract-violation',
      error: new Error('payload invalid'),
      attempts: 1,
      consumerGroup: 'saga-shop-inventory',
    });
    const added = Object.keys(letter.headers ?? {}).filter((name) => !(name in arrived.headers));
    const declared = asyncApiDocument().components.messages.deadLetter.headers.required;
    expect(added.sort()).toEqual([...declared].sort());
  });
});
