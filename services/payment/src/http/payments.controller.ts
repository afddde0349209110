import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { orderId } from '@saga-shop/contracts';
import { StaffOnly, ZodValidationPipe } from '@saga-shop/platform';
import { PaymentDatabase } from '../persistence/payment-database.js';

const paymentsQuery = z.object({ orderId });

/** Staff only: customers follow their order at GET /orders/{id} instead. */
@ApiTags('payments')
@StaffOnly()
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'problem+json: no, or an invalid, bearer token' })
@ApiResponse({ status: 403, description: 'problem+json: not staff' })
@Controller('payments')
export class PaymentsController {
  constructor(private readonly database: PaymentDatabase) {}

  /** The payment record of one order: none, or exactly one (pending, captured, declined, refund pending, refunded or cancelled). */
  @Get()
  @ApiQuery({ name: 'orderId', format: 'uuid', required: true })
  async list(@Query(new ZodValidationPipe(paymentsQuery, 'query')) query: z.infer<typeof paymentsQuery>) {
    const payments = await this.database.payment.findMany({ where: { orderId: query.orderId } });
    return payments.map((payment) => ({
      paymentId: payment.id,
      orderId: payment.orderId,
      status: payment.status,
      method: payment.method,
      amountCents: payment.amountCents,
      refundedCents: payment.refundedCents,
      currency: payment.currency,
      declineReason: payment.declineReason,
      createdAt: payment.createdAt.toISOString(),
    }));
  }
}
