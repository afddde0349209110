import { HttpStatus, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemException, type FieldProblem } from './problem-details.filter.js';

/**
 * Validates a body, query or param against a zod schema (the same schemas the event contracts use)
 * and answers 400 problem+json naming every bad field at once.
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value);
    const errors = result.success ? unstorableStrings(result.data) : problemsOf(result.error);
    if (result.success && errors.length === 0) return result.data;
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'Bad Request',
      `The ${this.what} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
      errors,
    );
  }
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    // An unknown key is named as the field itself, not as its parent object.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: at || '(root)', message: issue.message }];
  });
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor an unpaired surrogate in jsonb, so a value
 * carrying either would pass validation and then fail at the database as a 500. It is refused
 * here instead, naming the field. Runs on parsed values only, whose depth the schema bounds.
 */
function unstorableStrings(value: unknown, at: string[] = []): FieldProblem[] {
  const field = at.join('.') || '(root)';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ field, message: 'must not contain the NUL character (U+0000)' }];
    if (/\p{Cs}/u.test(value))
      return [{ field, message: 'must be well-formed Unicode (no unpaired surrogate)' }];
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => unstorableStrings(item, [...at, key]));
}
