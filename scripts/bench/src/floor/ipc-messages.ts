// What the bench and the floor processes say to each other over Node's IPC channel.

/** Bench → order process: place `count` orders at `ratePerSecond`, open loop. */
export interface PlaceOrdersCommand {
  type: 'place';
  requestId: number;
  count: number;
  ratePerSecond: number;
  /** Each order carries an idempotency key, as the bench's REST load does by default. */
  withKeys: boolean;
}

export interface PlacedOrder {
  orderId: string;
  /** When its placement began (ms since the epoch): the POST's send time. */
  sentAt: number;
}

/** Order process → bench, every ~250 ms while placing: how many orders are sent so far. */
export interface PlacingProgress {
  type: 'progress';
  requestId: number;
  sent: number;
}

export interface PlacementDone {
  type: 'placed';
  requestId: number;
  accepted: PlacedOrder[];
  /** Failed placements by error code. */
  errors: Record<string, number>;
}

/** Any process → bench: consuming (alone in its group) and relaying. */
export interface ProcessReady {
  type: 'ready';
}

export type FromFloor = PlacingProgress | PlacementDone | ProcessReady;
export type ToFloor = PlaceOrdersCommand;
