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
    if (result.success) return result.data;
    const errors: FieldProblem[] = result.error.issues.flatMap((issue) => {
      const at = issue.path.join('.');
      // An unknown key is named as the field itself, not as its parent object.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: 'unknown field' }));
      }
      return [{ field: at || '(root)', message: issue.message }];
    });
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'Bad Request',
      `The ${this.what} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
      errors,
    );
  }
}
