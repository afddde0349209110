import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ProblemException, ZodValidationPipe } from '@saga-shop/platform';
import type { TraceView } from '../api/console-api.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings.js';
import { waterfallOf, type JaegerTrace } from '../domain/trace-waterfall.js';

const traceParams = z.object({ traceId: z.string().regex(/^[\da-f]{32}$/, '32 lower-case hex digits') });

/** An order's trace from Jaeger's HTTP API (natively Jaeger has no UI; this is the view). */
@ApiTags('traces')
@ApiBearerAuth()
@Controller('api/traces')
export class TracesController {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  @Get(':traceId')
  async trace(
    @Param(new ZodValidationPipe(traceParams, 'path')) params: z.infer<typeof traceParams>,
  ): Promise<TraceView> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.jaegerQueryUrl}/api/traces/${params.traceId}`, {
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new ProblemException(
        503,
        'Service Unavailable',
        `Jaeger did not answer: ${(error as Error).message}`,
        undefined,
        {
          'Retry-After': '2',
        },
      );
    }
    if (response.status === 404)
      throw new ProblemException(404, 'Not Found', `Jaeger has no trace ${params.traceId} (yet).`);
    if (!response.ok) throw new ProblemException(502, 'Bad Gateway', `Jaeger answered ${response.status}.`);
    const body = (await response.json()) as { data?: JaegerTrace[] };
    const trace = body.data?.[0];
    if (!trace || trace.spans.length === 0)
      throw new ProblemException(404, 'Not Found', `Jaeger has no trace ${params.traceId} (yet).`);
    return waterfallOf(trace);
  }
}
