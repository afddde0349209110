import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { orderId } from '@saga-shop/contracts';
import { ZodValidationPipe } from '@saga-shop/platform';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';

const shipmentsQuery = z.object({ orderId });

@ApiTags('shipments')
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
