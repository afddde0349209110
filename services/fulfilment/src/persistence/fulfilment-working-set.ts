import { Injectable } from '@nestjs/common';
import type { AnySagaEvent } from '@saga-shop/contracts';
import { WriteConflict, type SagaTransaction, type WorkingSet } from '@saga-shop/messaging';
import { FulfilmentBatch } from '../application/fulfilment-batch.js';
import {
  insertDecisionRows,
  insertShipmentRows,
  lockDecisionsOf,
  lockShipmentsOf,
  saveDecisions,
  saveShipmentStatuses,
} from './fulfilment-sql.js';

/** Loads the shipments, then the decisions, of a batch's orders locked; saves what changed. */
@Injectable()
export class FulfilmentWorkingSet implements WorkingSet<FulfilmentBatch> {
  async load(tx: SagaTransaction, events: readonly AnySagaEvent[]): Promise<FulfilmentBatch> {
    const orderIds = events.map((event) => event.orderId);
    const shipments = await lockShipmentsOf(tx, orderIds);
    const decisions = await lockDecisionsOf(tx, orderIds);
    const shipmentsByOrder = new Map(shipments.map((shipment) => [shipment.orderId, shipment]));
    // A PACKING or SHIPPED decision commits with its shipment. Seen without it, a capture committed
    // between the two reads (READ COMMITTED: one snapshot each), and a cancellation deciding on the
    // decision alone would fail an order the dispatcher still ships: decide again on both.
    const unseen = decisions.filter(
      (decision) =>
        (decision.outcome === 'PACKING' || decision.outcome === 'SHIPPED') &&
        !shipmentsByOrder.has(decision.orderId),
    );
    if (unseen.length > 0) throw new WriteConflict(`${unseen.length} shipment(s) were written concurrently`);
    return new FulfilmentBatch(
      new Map(decisions.map((decision) => [decision.orderId, decision])),
      shipmentsByOrder,
    );
  }

  async save(tx: SagaTransaction, batch: FulfilmentBatch): Promise<void> {
    await insertDecisionRows(tx, [...batch.createdDecisions]);
    await saveDecisions(tx, [...batch.changedDecisions]);
    await insertShipmentRows(tx, [...batch.createdShipments]);
    await saveShipmentStatuses(tx, [...batch.changedShipments]);
  }
}
