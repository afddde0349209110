import { describe, expect, it } from '@jest/globals';
import { events, type EventType } from '../events/catalog.js';
import { ContractViolation, decodeEvent, encodeEvent, newEvent } from './codec.js';

const placed = () => newEvent('order.placed.v1', structuredClone(events['order.placed.v1'].example));

describe('CloudEvents binary-mode codec', () => {
  it.each(Object.keys(events) as EventType[])('round-trips the example of %s', (type) => {
    const event = newEvent(type, events[type].example as never);
    const encoded = encodeEvent(event);
    expect(encoded.topic).toBe(type);
    expect(encoded.key).toBe(event.orderId);
    expect(encoded.headers).toMatchObject({ ce_specversion: '1.0', ce_type: type, ce_id: event.id });
    expect(decodeEvent(encoded)).toEqual(event);
  });

  it('refuses to encode a payload that breaks its schema', () => {
    const event = placed();
    (event.data as { items: unknown[] }).items = [];
    expect(() => encodeEvent(event)).toThrow(/items/);
  });

  it.each([
    ['not JSON', (m: ReturnType<typeof encodeEvent>) => ({ ...m, value: '{oops' }), /not JSON/],
    [
      'an unknown type',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, headers: { ...m.headers, ce_type: 'order.eaten.v1' } }),
      /unknown event type/,
    ],
    [
      'a type on the wrong topic',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, topic: 'payment.captured.v1' }),
      /on topic/,
    ],
    [
      'a missing ce_id',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, headers: { ...m.headers, ce_id: '' } }),
      /ce_id/,
    ],
    [
      'a source other than the owning service (a forged order.placed from payment)',
      (m: ReturnType<typeof encodeEvent>) => ({
        ...m,
        headers: { ...m.headers, ce_source: '/saga-shop/payment' },
      }),
      /ce_source \/saga-shop\/payment does not own order.placed.v1/,
    ],
    [
      'a key other than the orderId',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, key: 'someone-else' }),
      /key/,
    ],
    [
      'a payload missing a field',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, value: JSON.stringify({ orderId: placed().orderId }) }),
      /customerId/,
    ],
    [
      'a non-CloudEvents message',
      (m: ReturnType<typeof encodeEvent>) => ({ ...m, headers: {} }),
      /specversion/,
    ],
  ])('rejects %s as a permanent contract violation', (_case, corrupt, why) => {
    const message = corrupt(encodeEvent(placed()));
    expect(() => decodeEvent(message)).toThrow(ContractViolation);
    expect(() => decodeEvent(message)).toThrow(why);
  });
});
