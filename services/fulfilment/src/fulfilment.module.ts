import { Module } from '@nestjs/common';

/**
 * The fulfilment service's own controllers, use cases and reactions are registered here. Health,
 * metrics, logging, the database pool and the broker client come from @saga-shop/platform.
 */
@Module({})
export class FulfilmentModule {}
