import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { orderId } from '@saga-shop/contracts';
import { StaffOnly, ZodValidationPipe } from '@saga-shop/platform';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';

const shipmentsQuery = z.object({ orderId });

/** Staff only: customers follow their order at GET /orders/{id} instead. */
@ApiTags('shipments')
@StaffOnly()
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'problem+json: no, or an invalid, bearer token' })
@ApiResponse({ status: 403, description: 'problem+json: not staff' })
@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly database: FulfilmentDatabase) {}

  /** The shipment of one order, if any (PACKING until dispatched, then SHIPPED). */
  @Get()
  @ApiQuery({ name: 'orderId', format: 'uuid', required: true })
  async list(@Query(new ZodValidationPipe(shipmentsQuery, 'query')) query: z.infer<typeof shipmentsQuery>) {
    const shipments = await this.database.shipment.findMany({ where: { orderId: query.orderId } });
    return shipments.map((shipment) => ({
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
      country: shipment.country,
      lines: shipment.lines,
      createdAt: shipment.createdAt.toISOString(),
    }));
  }
}
