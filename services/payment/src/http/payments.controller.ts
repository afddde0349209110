import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { cents, currency, orderId } from '@saga-shop/contracts';
import { ApiJsonResponse, ApiProblems, StaffOnly, ZodValidationPipe } from '@saga-shop/platform';
import {
  declineReasons,
  paymentStatuses,
  type DeclineReason,
  type PaymentStatus,
} from '../domain/payment-status.js';
import { PaymentDatabase } from '../persistence/payment-database.js';

const paymentsQuery = z.object({ orderId });

/** A payment as staff see it; `refundedCents` grows as compensations refund it. */
const paymentBody = z
  .object({
    paymentId: z.uuid(),
    orderId,
    status: z.enum(paymentStatuses),
    method: z.string().nullable().describe('The test card; none on a CANCELLED tombstone'),
    amountCents: cents,
    refundedCents: cents,
    currency: currency.nullable().describe('None on a CANCELLED tombstone'),
    declineReason: z.enum(declineReasons).nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({
    example: {
      paymentId: '5d9f1c2e-8a4b-4e6f-9b3a-1c2d3e4f5a6b',
      orderId: '0b7f3c52-3f8e-4d5a-9c1e-2a6f4b8d9e10',
      status: 'CAPTURED',
      method: 'card_ok',
      amountCents: 3998,
      refundedCents: 0,
      currency: 'EUR',
      declineReason: null,
      createdAt: '2026-12-03T10:00:00.050Z',
    },
  });

/** Staff only: customers follow their order at GET /orders/{id} instead. */
@ApiTags('payments')
@StaffOnly()
@ApiBearerAuth()
@ApiProblems({ 401: 'No, or an invalid, bearer token', 403: 'Not staff' })
@Controller('payments')
export class PaymentsController {
  constructor(private readonly database: PaymentDatabase) {}

  /** The payment record of one order: none, or exactly one (pending, captured, declined, refund pending, refunded or cancelled). */
  @Get()
  @ApiOperation({ summary: "An order's payment (staff)" })
  @ApiQuery({ name: 'orderId', format: 'uuid', required: true })
  @ApiJsonResponse(200, z.array(paymentBody), 'None, or the one payment of the order')
  @ApiProblems({ 400: 'orderId is not a UUID' })
  async list(
    @Query(new ZodValidationPipe(paymentsQuery, 'query')) query: z.infer<typeof paymentsQuery>,
  ): Promise<z.infer<typeof paymentBody>[]> {
    const payments = await this.database.payment.findMany({ where: { orderId: query.orderId } });
    return payments.map((payment) => ({
      paymentId: payment.id,
      orderId: payment.orderId,
      status: payment.status as PaymentStatus,
      method: payment.method,
      amountCents: payment.amountCents,
      refundedCents: payment.refundedCents,
      currency: payment.currency,
      declineReason: payment.declineReason as DeclineReason | null,
      createdAt: payment.createdAt.toISOString(),
    }));
  }
}
