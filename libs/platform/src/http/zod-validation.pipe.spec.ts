import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ProblemException } from './problem-details.filter.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

const pipe = new ZodValidationPipe(
  z.strictObject({ name: z.string().min(1), address: z.object({ city: z.string() }) }),
  'body',
);

function refusal(value: unknown) {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.getStatus(), errors: error.errors };
    throw error;
  }
  throw new Error('accepted');
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value when every field is valid, emoji and all', () => {
    expect(pipe.transform({ name: 'Zoë 👩‍👩‍👧', address: { city: 'Lyon' } })).toEqual({
      name: 'Zoë 👩‍👩‍👧',
      address: { city: 'Lyon' },
    });
  });

  it('names every invalid and unknown field in one 400', () => {
    expect(refusal({ name: '', address: { city: 7 }, coupon: 'FREE' })).toEqual({
      status: 400,
      errors: expect.arrayContaining([
        { field: 'name', message: expect.any(String) },
        { field: 'address.city', message: expect.any(String) },
        { field: 'coupon', message: 'unknown field' },
      ]),
    });
  });

  it('refuses strings PostgreSQL cannot store (NUL, unpaired surrogate) as a 400 naming the field', () => {
    expect(refusal({ name: 'a\u0000b', address: { city: 'Lyon\ud800' } }).errors).toEqual([
      { field: 'name', message: 'must not contain the NUL character (U+0000)' },
      { field: 'address.city', message: 'must be well-formed Unicode (no unpaired surrogate)' },
    ]);
  });

  it('refuses a deeply nested value without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    expect(refusal(deep).errors).toEqual([{ field: '(root)', message: expect.any(String) }]);
  });
});
