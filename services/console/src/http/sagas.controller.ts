import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '@saga-shop/auth';
import { CurrentPrincipal, DatabasePool, ProblemException, ZodValidationPipe } from '@saga-shop/platform';
import type { SagaSummary, SagaTimeline } from '../api/console-api.js';
import { sagaTimelineFor } from '../application/saga-timeline.js';
import { listSagas } from '../persistence/projection-sql.js';
import { ProjectionUpdates } from '../projection/projection-updates.js';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const orderParams = z.object({ id: z.string().min(1).max(64) });
const keepAliveMs = 15_000;

/** The sagas as the console's projection tells them: no call to the four services. */
@ApiTags('sagas')
@ApiBearerAuth()
@Controller('api/sagas')
export class SagasController {
  constructor(
    private readonly database: DatabasePool,
    private readonly updates: ProjectionUpdates,
  ) {}

  /** The caller's most recent sagas; staff see everyone's. */
  @Get()
  list(
    @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SagaSummary[]> {
    return listSagas(this.database, caller.isStaff ? null : caller.subject, query.limit);
  }

  @Get(':id')
  async timeline(
    @Param(new ZodValidationPipe(orderParams, 'path')) params: z.infer<typeof orderParams>,
    @CurrentPrincipal() caller: Principal,
  ): Promise<SagaTimeline> {
    const timeline = await sagaTimelineFor(this.database, params.id, caller);
    if (!timeline)
      throw new ProblemException(404, 'Not Found', `The console has seen no event of order ${params.id}.`);
    return timeline;
  }

  /**
   * Server-sent events: the timeline now, then again whenever the projection records an event of
   * the order. Sent as soon as a change lands, never more than one update in flight.
   */
  @Get(':id/stream')
  async stream(
    @Param(new ZodValidationPipe(orderParams, 'path')) params: z.infer<typeof orderParams>,
    @CurrentPrincipal() caller: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let sending = false;
    let again = false;
    const send = async () => {
      if (sending) return void (again = true);
      sending = true;
      try {
        do {
          again = false;
          const timeline = await sagaTimelineFor(this.database, params.id, caller).catch(() => undefined);
          if (timeline) out.write(`event: timeline\ndata: ${JSON.stringify(timeline)}\n\n`);
          else if (timeline === null) out.write(`event: waiting\ndata: {}\n\n`);
        } while (again && !out.destroyed);
      } finally {
        sending = false;
      }
    };
    const stop = this.updates.watch(params.id, () => void send());
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), keepAliveMs);
    request.raw.on('close', () => {
      stop();
      clearInterval(keepAlive);
    });
    await send();
  }
}
