import type { PricedLine } from '@saga-shop/contracts';
import type { DecisionOutcome, ShipmentStatus } from '../domain/fulfilment-status.js';

export interface DecisionRecord {
  orderId: string;
  outcome: DecisionOutcome;
  reason: string | null;
}

export interface ShipmentRecord {
  id: string;
  orderId: string;
  trackingNumber: string;
  country: string;
  lines: PricedLine[];
  status: ShipmentStatus;
  dispatchAfter: Date;
  /** The trace of the capture it ships, continued by a delayed dispatch. */
  traceHeaders: Record<string, string>;
}

/**
 * A batch's working state: the decisions and shipments of the orders its events name (loaded
 * locked, shipments first, as the packing dispatcher locks them), and what the reactions created
 * or changed. Shipment rows are never deleted: a cancelled one keeps its status.
 */
export class FulfilmentBatch {
  readonly createdDecisions = new Set<DecisionRecord>();
  readonly changedDecisions = new Set<DecisionRecord>();
  readonly createdShipments = new Set<ShipmentRecord>();
  readonly changedShipments = new Set<ShipmentRecord>();

  constructor(
    private readonly decisions: Map<string, DecisionRecord>,
    private readonly shipments: Map<string, ShipmentRecord>,
  ) {}

  decision(orderId: string): DecisionRecord | undefined {
    return this.decisions.get(orderId);
  }

  shipment(orderId: string): ShipmentRecord | undefined {
    return this.shipments.get(orderId);
  }

  decide(orderId: string, outcome: DecisionOutcome, reason: string | null = null): void {
    const known = this.decisions.get(orderId);
    if (!known) {
      const created = { orderId, outcome, reason };
      this.decisions.set(orderId, created);
      this.createdDecisions.add(created);
      return;
    }
    Object.assign(known, { outcome, reason: reason ?? known.reason });
    if (!this.createdDecisions.has(known)) this.changedDecisions.add(known);
  }

  addShipment(shipment: ShipmentRecord): void {
    this.shipments.set(shipment.orderId, shipment);
    this.createdShipments.add(shipment);
  }

  setShipmentStatus(shipment: ShipmentRecord, status: ShipmentStatus): void {
    shipment.status = status;
    if (!this.createdShipments.has(shipment)) this.changedShipments.add(shipment);
  }
}
