import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@saga-shop/platform';
import { callService, type UpstreamAnswer } from '../application/upstream.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings.js';

/**
 * The shop's calls, passed to inventory and order with the caller's token: the browser talks to
 * one origin, and each service still decides for itself (ownership, staff, validation).
 */
@ApiTags('shop')
@Controller('api')
export class ShopController {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  @Get('products')
  @Public()
  async products(@Res() reply: FastifyReply) {
    send(reply, await callService(`${this.settings.services.inventory}/products`));
  }

  @Post('orders')
  @ApiBearerAuth()
  async place(
    @Body() body: unknown,
    @Headers('authorization') authorization: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const answer = await callService(`${this.settings.services.order}/orders`, {
      method: 'POST',
      authorization,
      body,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    send(reply, answer);
  }

  @Get('orders/:id')
  @ApiBearerAuth()
  async order(
    @Param('id') id: string,
    @Headers('authorization') authorization: string,
    @Res() reply: FastifyReply,
  ) {
    send(
      reply,
      await callService(`${this.settings.services.order}/orders/${encodeURIComponent(id)}`, {
        authorization,
      }),
    );
  }

  @Post('orders/:id/cancel')
  @ApiBearerAuth()
  async cancel(
    @Param('id') id: string,
    @Headers('authorization') authorization: string,
    @Res() reply: FastifyReply,
  ) {
    const url = `${this.settings.services.order}/orders/${encodeURIComponent(id)}/cancel`;
    send(reply, await callService(url, { method: 'POST', authorization }));
  }
}

function send(reply: FastifyReply, answer: UpstreamAnswer): void {
  void reply.status(answer.status).headers(answer.headers).type(answer.contentType).send(answer.body);
}
