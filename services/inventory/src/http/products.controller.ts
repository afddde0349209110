import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ProblemException,
  Public,
  SagaTransactions,
  StaffOnly,
  ZodValidationPipe,
} from '@saga-shop/platform';
import { restock } from '../application/restock.js';
import { InventoryDatabase } from '../persistence/inventory-database.js';
import { productView, restockRequest, skuParams } from './product-request.js';

const skuParam = { name: 'sku', type: String, example: 'TSHIRT-M', description: 'upper-case SKU' };

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(
    private readonly database: InventoryDatabase,
    private readonly transactions: SagaTransactions,
  ) {}

  /** The whole catalog with its stock, by SKU. Open: a shop shows its catalog to anyone. */
  @Get()
  @Public()
  async list() {
    const products = await this.database.product.findMany({ orderBy: { sku: 'asc' } });
    return products.map(productView);
  }

  @Get(':sku')
  @Public()
  @ApiParam(skuParam)
  @ApiResponse({ status: 400, description: 'problem+json: not a valid SKU' })
  @ApiResponse({ status: 404, description: 'problem+json: no such product' })
  async get(@Param(new ZodValidationPipe(skuParams, 'path')) params: z.infer<typeof skuParams>) {
    const product = await this.database.product.findUnique({ where: { sku: params.sku } });
    if (!product) throw notFound(params.sku);
    return productView(product);
  }

  /** Sets the available stock (restocking); what live orders hold stays reserved. Staff only. */
  @Put(':sku/stock')
  @StaffOnly()
  @ApiBearerAuth()
  @ApiResponse({ status: 401, description: 'problem+json: no, or an invalid, bearer token' })
  @ApiResponse({ status: 403, description: 'problem+json: not staff' })
  @ApiParam(skuParam)
  @ApiBody({ schema: z.toJSONSchema(restockRequest, { target: 'openapi-3.0' }) as object })
  @ApiResponse({ status: 400, description: 'problem+json naming each invalid field' })
  @ApiResponse({ status: 404, description: 'problem+json: no such product' })
  async restock(
    @Param(new ZodValidationPipe(skuParams, 'path')) params: z.infer<typeof skuParams>,
    @Body(new ZodValidationPipe(restockRequest, 'stock')) body: z.infer<typeof restockRequest>,
  ) {
    const product = await restock(this.transactions, params.sku, body.available);
    if (!product) throw notFound(params.sku);
    return productView(product);
  }
}

function notFound(sku: string) {
  return new ProblemException(404, 'Not Found', `no product with sku ${sku}`);
}
