import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { allTopics } from '@saga-shop/contracts';
import { StaffOnly, ZodValidationPipe } from '@saga-shop/platform';
import type { DeadLetterTopic, OutcomeMinute, RedriveResult, ServiceHealth } from '../api/console-api.js';
import { Operations } from '../application/operations.js';

const topicParams = z.object({ topic: z.enum(allTopics as [string, ...string[]]) });
const outcomesQuery = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
});

/** The operations page: staff only, like the dlq tool it puts a button on. */
@ApiTags('operations')
@ApiBearerAuth()
@StaffOnly()
@Controller('api/ops')
export class OperationsController {
  constructor(private readonly operations: Operations) {}

  @Get('services')
  services(): Promise<ServiceHealth[]> {
    return this.operations.services();
  }

  @Get('dead-letters')
  deadLetters(): Promise<DeadLetterTopic[]> {
    return this.operations.deadLetters();
  }

  /** Puts the topic's dead letters back on it, each once (as `npm run dlq -- redrive`). */
  @Post('dead-letters/:topic/redrive')
  @HttpCode(200)
  redrive(
    @Param(new ZodValidationPipe(topicParams, 'path')) params: z.infer<typeof topicParams>,
  ): Promise<RedriveResult> {
    return this.operations.redrive(params.topic);
  }

  @Get('outcomes')
  outcomes(
    @Query(new ZodValidationPipe(outcomesQuery, 'query')) query: z.infer<typeof outcomesQuery>,
  ): Promise<OutcomeMinute[]> {
    return this.operations.outcomes(query.minutes);
  }
}
