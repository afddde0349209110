import { createHash, randomUUID } from 'node:crypto';
import { newEvent, type OrderLine, type ShippingAddress } from '@saga-shop/contracts';
import { currentTraceHeaders, type Sql, type TransactionRunner } from '@saga-shop/messaging';
import { findByIdempotencyKey, insertNewOrder } from '../persistence/order-sql.js';
import type { OrderStatus } from '../domain/order-status.js';

export interface OrderRequest {
  customerId: string;
  items: OrderLine[];
  paymentMethod: string;
  shippingAddress: ShippingAddress;
}

export type PlaceOrderResult =
  | { kind: 'placed' | 'replayed'; orderId: string; status: OrderStatus }
  | { kind: 'key-reused-with-another-body' };

/**
 * One transaction: the order, its first history entry and its `order.placed.v1` outbox row.
 * Nothing talks to Kafka here; the relay publishes after commit. The same Idempotency-Key with the
 * same body from the same customer returns the first order; with another body it is refused.
 */
export async function placeOrder(
  transactions: TransactionRunner,
  request: OrderRequest,
  idempotencyKey?: string,
): Promise<PlaceOrderResult> {
  const fingerprint = idempotencyKey ? fingerprintOf(request) : null;
  if (idempotencyKey) {
    const earlier = await replay(transactions, request.customerId, idempotencyKey, fingerprint);
    if (earlier) return earlier;
  }
  const orderId = randomUUID();
  const placedAt = new Date();
  try {
    await transactions.run(async (tx) => {
      await insertNewOrder(tx, {
        id: orderId,
        ...request,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: fingerprint,
        traceHeaders: currentTraceHeaders(),
        placedAt,
      });
      tx.publish(newEvent('order.placed.v1', { orderId, ...request, placedAt: placedAt.toISOString() }));
    });
  } catch (error) {
    // Two requests with one key raced: the loser answers with the winner's order.
    const earlier =
      idempotencyKey &&
      isUniqueViolation(error) &&
      (await replay(transactions, request.customerId, idempotencyKey, fingerprint));
    if (earlier) return earlier;
    throw error;
  }
  return { kind: 'placed', orderId, status: 'PENDING' };
}

async function replay(sql: Sql, customerId: string, idempotencyKey: string, fingerprint: string | null) {
  const earlier = await findByIdempotencyKey(sql, customerId, idempotencyKey);
  if (!earlier) return undefined;
  if (earlier.requestFingerprint !== fingerprint) return { kind: 'key-reused-with-another-body' } as const;
  return { kind: 'replayed', orderId: earlier.id, status: earlier.status as OrderStatus } as const;
}

/** The validated request is rebuilt by its schema in a fixed key order, so equal bodies hash equal. */
function fingerprintOf(request: OrderRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}
