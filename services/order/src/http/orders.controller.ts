import { trace } from '@opentelemetry/api';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Principal } from '@saga-shop/auth';
import {
  ApiJsonBody,
  ApiJsonResponse,
  ApiProblems,
  CurrentPrincipal,
  ProblemException,
  SagaTransactions,
  ZodValidationPipe,
} from '@saga-shop/platform';
import { OrderAdmission } from '../application/order-admission.js';
import { placeOrder } from '../application/place-order.js';
import { requestCancellation } from '../application/request-cancellation.js';
import { OrderDatabase } from '../persistence/order-database.js';
import { idempotencyKeyHeader, orderIdParams, placeOrderRequest } from './order-request.js';
import { cancellationAccepted, orderAccepted, orderDetails } from './order-response.js';
import { orderView } from './order-view.js';

/** The little of Fastify's reply this controller touches. */
interface HeaderReply {
  header(name: string, value: string): unknown;
}

/**
 * A customer (the token's subject) places orders, and reads and cancels only their own; staff
 * read and cancel any. Someone else's order is 404, like one that does not exist.
 */
@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems({ 401: 'No, or an invalid, bearer token' })
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly database: OrderDatabase,
    private readonly transactions: SagaTransactions,
  ) {}

  @Post()
  @HttpCode(202)
  @UseGuards(OrderAdmission)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Starts the saga: inventory reserves, payment charges, fulfilment ships, or each compensates. ' +
      'Follow it at the Location header; the traceresponse header names its trace.',
  })
  @ApiJsonBody(placeOrderRequest)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: same order' })
  @ApiJsonResponse(202, orderAccepted, 'Accepted: the saga has started. Location: /orders/{orderId}')
  @ApiProblems({
    400: 'Names each invalid field; nothing written',
    403: "customerId is not the token's subject",
    415: 'The body is not application/json',
    422: 'Idempotency-Key already used with another body',
    503: 'Too many open orders, or a dependency is down: retry after Retry-After; nothing written',
  })
  async place(
    @Body(new ZodValidationPipe(placeOrderRequest, 'order')) body: z.infer<typeof placeOrderRequest>,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof orderAccepted>> {
    const key = new ZodValidationPipe(idempotencyKeyHeader, 'Idempotency-Key header').transform(rawKey);
    if (body.customerId !== undefined && body.customerId !== principal.subject) {
      throw new ProblemException(403, 'Forbidden', "customerId must be the bearer token's subject.");
    }
    // In the body's own field order, so the Idempotency-Key fingerprint does not depend on
    // whether the client sent customerId.
    const { items, paymentMethod, shippingAddress } = body;
    const request = { customerId: principal.subject, items, paymentMethod, shippingAddress };
    const result = await placeOrder(this.transactions, request, key);
    if (result.kind === 'key-reused-with-another-body') {
      throw new ProblemException(
        422,
        'Unprocessable Content',
        'This Idempotency-Key was used with another body.',
      );
    }
    reply.header('Location', `/orders/${result.orderId}`);
    // W3C Trace Context `traceresponse`: the trace to look up in Jaeger for this order.
    const span = trace.getActiveSpan()?.spanContext();
    if (span) reply.header('traceresponse', `00-${span.traceId}-${span.spanId}-0${span.traceFlags}`);
    return { orderId: result.orderId, status: result.status };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an order, with the history of its saga' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiJsonResponse(200, orderDetails, 'The order; `reason` says why a CANCELLED one was cancelled')
  @ApiProblems({ 400: 'Not a UUID', 404: "No such order, or another customer's" })
  async get(
    @Param(new ZodValidationPipe(orderIdParams, 'path')) params: z.infer<typeof orderIdParams>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof orderDetails>> {
    const order = await this.database.order.findUnique({
      where: { id: params.id, ...(principal.isStaff ? {} : { customerId: principal.subject }) },
      include: { history: { orderBy: { id: 'asc' } } },
    });
    if (!order) throw notFound(params.id);
    return orderView(order);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask to cancel an order',
    description: 'The saga decides: a shipment already under way wins, and the order completes.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiJsonResponse(202, cancellationAccepted, 'Cancellation requested; the saga decides (shipping wins)')
  @ApiProblems({ 400: 'Not a UUID', 404: "No such order, or another customer's", 409: 'Already terminal' })
  async cancel(
    @Param(new ZodValidationPipe(orderIdParams, 'path')) params: z.infer<typeof orderIdParams>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.infer<typeof cancellationAccepted>> {
    const ownedBy = principal.isStaff ? undefined : principal.subject;
    const result = await this.transactions.run((tx) =>
      requestCancellation(tx, params.id, 'CUSTOMER_CANCELLED', { ownedBy }),
    );
    if (result.kind === 'not-found') throw notFound(params.id);
    if (result.kind === 'too-late') {
      throw new ProblemException(
        409,
        'Conflict',
        `Order ${params.id} is ${result.status}; it can no longer be cancelled.`,
      );
    }
    return {
      orderId: params.id,
      status: result.status,
      cancellationRequested: 'CUSTOMER_CANCELLED' as const,
    };
  }
}

function notFound(orderId: string) {
  return new ProblemException(404, 'Not Found', `No order ${orderId}.`);
}
