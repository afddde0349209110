import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiJsonBody,
  ApiJsonResponse,
  ApiProblems,
  ProblemException,
  Public,
  SagaTransactions,
  StaffOnly,
  ZodValidationPipe,
} from '@saga-shop/platform';
import { restock } from '../application/restock.js';
import { InventoryDatabase } from '../persistence/inventory-database.js';
import { productBody, productView, restockRequest, skuParams } from './product-request.js';

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
  @ApiOperation({ summary: 'List the catalog with live stock' })
  @ApiJsonResponse(200, z.array(productBody), 'Every product, by SKU')
  async list() {
    const products = await this.database.product.findMany({ orderBy: { sku: 'asc' } });
    return products.map(productView);
  }

  @Get(':sku')
  @Public()
  @ApiOperation({ summary: 'Read one product and its stock' })
  @ApiParam(skuParam)
  @ApiJsonResponse(200, productBody, 'The product')
  @ApiProblems({ 400: 'Not a valid SKU', 404: 'No such product' })
  async get(@Param(new ZodValidationPipe(skuParams, 'path')) params: z.infer<typeof skuParams>) {
    const product = await this.database.product.findUnique({ where: { sku: params.sku } });
    if (!product) throw notFound(params.sku);
    return productView(product);
  }

  /** Sets the available stock (restocking); what live orders hold stays reserved. Staff only. */
  @Put(':sku/stock')
  @StaffOnly()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Set the available stock (staff)',
    description: 'Restocking: what live orders hold stays reserved.',
  })
  @ApiParam(skuParam)
  @ApiJsonBody(restockRequest)
  @ApiJsonResponse(200, productBody, 'The product with its new stock')
  @ApiProblems({
    400: 'Names each invalid field',
    401: 'No, or an invalid, bearer token',
    403: 'Not staff',
    404: 'No such product',
    415: 'The body is not application/json',
  })
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
