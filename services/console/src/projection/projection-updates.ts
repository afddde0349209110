import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Tells the open timeline streams that the projection recorded events of an order. In process:
 * the console runs as one replica (its consumer group would split the partitions between
 * replicas, and each would only notify its own streams).
 */
@Injectable()
export class ProjectionUpdates {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  recorded(orderIds: readonly string[]): void {
    for (const orderId of orderIds) this.emitter.emit(orderId);
  }

  /** Calls `listener` after each change to `orderId`; returns the function that stops it. */
  watch(orderId: string, listener: () => void): () => void {
    this.emitter.on(orderId, listener);
    return () => this.emitter.off(orderId, listener);
  }
}
