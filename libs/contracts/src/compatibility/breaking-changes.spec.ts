import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { findBreakingChanges, type JsonSchema } from './breaking-changes.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema) as JsonSchema;
const published = z.object({
  orderId: z.uuid(),
  amountCents: z.number().int().min(0),
  reason: z.enum(['CARD_DECLINED', 'GATEWAY_UNAVAILABLE']),
  note: z.string().max(200).optional(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).min(1),
  trackingId: z.string().nullable(),
});
const changedTo = (current: z.ZodType) => findBreakingChanges(json(published), json(current));

describe('findBreakingChanges', () => {
  it('finds nothing in an unchanged schema', () => {
    expect(changedTo(published)).toEqual([]);
  });

  it('accepts what old events and old consumers both survive: an optional field, an enum value, a wider bound', () => {
    expect(
      changedTo(
        published.extend({
          giftWrap: z.boolean().optional(),
          reason: z.enum(['CARD_DECLINED', 'GATEWAY_UNAVAILABLE', 'FRAUD_SUSPECTED']),
          note: z.string().max(500).optional(),
          amountCents: z.number(),
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a removed required field, and a rename (which is a removal)', () => {
    expect(changedTo(published.omit({ amountCents: true }))).toEqual([
      '$.amountCents: required field removed or renamed',
    ]);
    expect(changedTo(published.omit({ orderId: true }).extend({ order_id: z.uuid() }))).toEqual([
      '$.orderId: required field removed or renamed',
      '$.order_id: newly required (events in the log lack it)',
    ]);
  });

  it('refuses a field that becomes required, or stops being required', () => {
    expect(changedTo(published.extend({ note: z.string().max(200) }))).toEqual([
      '$.note: newly required (events in the log lack it)',
    ]);
    expect(changedTo(published.extend({ amountCents: z.number().int().min(0).optional() }))).toEqual([
      '$.amountCents: no longer required',
    ]);
  });

  it('refuses a narrowed type, in nested objects and unions too', () => {
    expect(changedTo(published.extend({ amountCents: z.string() }))).toEqual([
      '$.amountCents: type narrowed from integer to string',
    ]);
    const lines = z.array(z.object({ sku: z.string(), quantity: z.string() })).min(1);
    expect(changedTo(published.extend({ lines }))).toEqual([
      '$.lines[].quantity: type narrowed from integer to string',
    ]);
    expect(changedTo(published.extend({ trackingId: z.string() }))).toEqual([
      '$.trackingId: type narrowed from string|null to string',
    ]);
  });

  it('refuses a removed enum value and a tightened bound or pattern', () => {
    expect(changedTo(published.extend({ reason: z.enum(['CARD_DECLINED']) }))).toEqual([
      '$.reason: enum value "GATEWAY_UNAVAILABLE" removed',
    ]);
    expect(changedTo(published.extend({ amountCents: z.number().int().min(1) }))).toEqual([
      '$.amountCents: minimum raised to 1',
    ]);
    expect(changedTo(published.extend({ note: z.string().max(100).optional() }))).toEqual([
      '$.note: maxLength lowered to 100',
    ]);
    expect(changedTo(published.extend({ orderId: z.string().regex(/^o-/) }))).toEqual([
      '$.orderId: pattern changed to ^o-',
    ]);
    const unions = (...members: z.ZodType[]) =>
      z.object({ value: z.union(members as [z.ZodType, z.ZodType]) });
    expect(
      findBreakingChanges(
        json(unions(z.string(), z.object({ id: z.number() }))),
        json(unions(z.string(), z.boolean())),
      ),
    ).toEqual(['$.value: variant 2 of the union is no longer accepted']);
  });
});
