import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { orderId, pricedLine } from '@saga-shop/contracts';
import { ApiJsonResponse, ApiProblems, StaffOnly, ZodValidationPipe } from '@saga-shop/platform';
import { shipmentStatuses, type ShipmentStatus } from '../domain/fulfilment-status.js';
import { FulfilmentDatabase } from '../persistence/fulfilment-database.js';

const shipmentsQuery = z.object({ orderId });

/** A shipment as staff see it: PACKING until dispatched, then SHIPPED (or CANCELLED). */
const shipmentBody = z
  .object({
    shipmentId: z.uuid(),
    orderId,
    trackingNumber: z.string(),
    status: z.enum(shipmentStatuses),
    country: z.string().regex(/^[A-Z]{2}$/),
    lines: z.array(pricedLine),
    createdAt: z.iso.datetime(),
  })
  .meta({
    example: {
      shipmentId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      orderId: '0b7f3c52-3f8e-4d5a-9c1e-2a6f4b8d9e10',
      trackingNumber: 'TRK-0B7F3C52',
      status: 'SHIPPED',
      country: 'DE',
      lines: [{ sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1999 }],
      createdAt: '2026-12-03T10:00:00.100Z',
    },
  });

/** Staff only: customers follow their order at GET /orders/{id} instead. */
@ApiTags('shipments')
@StaffOnly()
@ApiBearerAuth()
@ApiProblems({ 401: 'No, or an invalid, bearer token', 403: 'Not staff' })
@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly database: FulfilmentDatabase) {}

  /** The shipment of one order, if any (PACKING until dispatched, then SHIPPED). */
  @Get()
  @ApiOperation({ summary: "An order's shipment (staff)" })
  @ApiQuery({ name: 'orderId', format: 'uuid', required: true })
  @ApiJsonResponse(200, z.array(shipmentBody), 'None, or the one shipment of the order')
  @ApiProblems({ 400: 'orderId is not a UUID' })
  async list(
    @Query(new ZodValidationPipe(shipmentsQuery, 'query')) query: z.infer<typeof shipmentsQuery>,
  ): Promise<z.infer<typeof shipmentBody>[]> {
    const shipments = await this.database.shipment.findMany({ where: { orderId: query.orderId } });
    return shipments.map((shipment) => ({
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      trackingNumber: shipment.trackingNumber,
      status: shipment.status as ShipmentStatus,
      country: shipment.country,
      lines: shipment.lines as z.infer<typeof pricedLine>[],
      createdAt: shipment.createdAt.toISOString(),
    }));
  }
}
