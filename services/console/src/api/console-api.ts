/**
 * The console's HTTP API under /api, shared by the backend (src/http) and the single-page app
 * (web/src): types only, so the browser bundle imports nothing of the server.
 *
 * Authentication: the same bearer tokens as the four services. The browser sends
 * `Authorization: Bearer <token>`; the console checks it and forwards it to the order and
 * inventory services, so a customer sees and cancels only their own orders there and here.
 */

import type { SagaService } from '@saga-shop/contracts';

/** One lane per saga service (libs/contracts' sagaServices), in the order the saga runs. */
export type SagaLane = SagaService;

export type SagaStatus = 'PENDING' | 'RESERVED' | 'PAID' | 'COMPLETED' | 'CANCELLED';

/** GET /api/config (public). */
export interface ConsoleConfig {
  /** True where the console holds the local issuer's key: POST /api/dev-token then works. */
  devTokens: boolean;
  /** The Jaeger UI for a trace id, e.g. `http://127.0.0.1:16686/trace/{traceId}`; null natively. */
  jaegerTraceUrl: string | null;
  paymentMethods: readonly { value: string; label: string }[];
  countries: readonly { code: string; label: string }[];
  /** How often the operations page refreshes. */
  opsRefreshMs: number;
}

/** POST /api/dev-token (public, only where devTokens): a token of the local issuer. */
export interface DevTokenRequest {
  role: 'customer' | 'staff';
  /** The customer id (token `sub`); staff tokens default to `staff-1`. */
  subject?: string;
}

export interface DevToken {
  token: string;
  subject: string;
  roles: string[];
  expiresAt: string;
}

/** GET /api/me (bearer): who the token says the caller is. */
export interface Me {
  subject: string;
  staff: boolean;
}

/** GET /api/products (public): the inventory catalog with live stock. */
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  available: number;
  /** Held by orders in flight. */
  reserved: number;
}

/**
 * POST /api/orders (bearer, header Idempotency-Key): forwarded to the order service as is.
 * The answer is the order service's status and body (problem+json on errors).
 */
export interface PlaceOrderRequest {
  items: { sku: string; quantity: number }[];
  paymentMethod: string;
  shippingAddress: { line1: string; city: string; postalCode: string; country: string };
}

export interface PlacedOrder {
  orderId: string;
  status: SagaStatus;
}

/**
 * POST /api/orders/{id}/cancel (bearer): forwarded to the order service; the answer is its
 * status (202 accepted, 409 too late) and body.
 */

/** One event on an order's timeline, as the projection recorded it. */
export interface TimelineEvent {
  /** CloudEvents id; a dead letter has `dlq:<topic>:<partition>:<offset>`. */
  id: string;
  /** The event type, e.g. `payment.declined.v1`. */
  type: string;
  /** The service whose lane it sits in: the producer, or the consumer that parked it. */
  lane: SagaLane;
  /** When the producer says it happened (CloudEvents time), ISO 8601. */
  at: string;
  /** A step undoing an earlier one (release, refund). */
  compensation: boolean;
  /** A step that failed or refused (rejected, declined, failed), which starts the compensations. */
  failure: boolean;
  /** One line for people, e.g. "declined: CARD_DECLINED". */
  summary: string;
  data: Record<string, unknown>;
  topic: string;
  partition: number;
  offset: string;
  /** Present when this is a dead letter: why the consumer parked the message. */
  deadLetter?: { errorKind: string; error: string; consumerGroup: string };
}

/** GET /api/sagas/{orderId} (bearer; a customer sees only their own, others are 404). */
export interface SagaTimeline {
  orderId: string;
  customerId: string | null;
  status: SagaStatus;
  /** Why it was cancelled (OUT_OF_STOCK, PAYMENT_DECLINED, FULFILMENT_FAILED, CUSTOMER_CANCELLED, TIMEOUT). */
  reason: string | null;
  traceId: string | null;
  startedAt: string;
  /** When the saga reached its terminal state; null while it runs. */
  finishedAt: string | null;
  /** Every saga service's lane, in saga order, whether or not it has events of this order yet. */
  lanes: SagaLane[];
  events: TimelineEvent[];
}

/**
 * GET /api/sagas/{orderId}/stream (bearer): text/event-stream. Sends `event: timeline` with a
 * SagaTimeline as data at once and whenever the projection records an event of the order; a
 * comment line every 15 s keeps proxies from closing it. The browser reads it with fetch (an
 * EventSource cannot send the Authorization header).
 */

/** GET /api/sagas?limit=N (bearer): the caller's most recent sagas (staff: everyone's). */
export interface SagaSummary {
  orderId: string;
  customerId: string | null;
  status: SagaStatus;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  events: number;
}

/** GET /api/traces/{traceId} (bearer): the trace from Jaeger's HTTP API, as a waterfall. */
export interface TraceView {
  traceId: string;
  /** Microseconds from the first span's start to the last span's end. */
  durationUs: number;
  services: string[];
  /** Depth-first, parents before children, siblings by start time. */
  spans: TraceSpan[];
}

export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  depth: number;
  service: string;
  name: string;
  kind: string | null;
  /** Microseconds from the trace's start. */
  startUs: number;
  durationUs: number;
  error: boolean;
  /** A few attributes worth showing (messaging destination, http route and status, db). */
  attributes: Record<string, string>;
}

/** GET /api/ops/services (staff): per service, from its /metrics. */
export interface ServiceHealth {
  service: SagaLane;
  up: boolean;
  outboxBacklog: number | null;
  /** Age of the oldest unpublished outbox row, seconds. */
  outboxOldestSeconds: number | null;
  /** Sum over the service's partitions of messages not yet consumed. */
  consumerLag: number | null;
  /** Messages this process parked since it started. */
  deadLettered: number | null;
  /** Requests answered since the process started, and how many of them were 5xx. */
  httpRequests: number | null;
  httpServerErrors: number | null;
}

/** GET /api/ops/dead-letters (staff): what waits on each `<topic>.dlq`, not yet redriven. */
export interface DeadLetterTopic {
  topic: string;
  letters: DeadLetter[];
}

export interface DeadLetter {
  partition: number;
  offset: string;
  key: string | null;
  type: string | null;
  failedAt: string | null;
  errorKind: string | null;
  error: string | null;
  consumerGroup: string | null;
  originalPartition: string | null;
  originalOffset: string | null;
  /** The start of the payload, as text. */
  preview: string;
}

/** POST /api/ops/dead-letters/{topic}/redrive (staff). */
export interface RedriveResult {
  topic: string;
  redriven: number;
  arrivedMeanwhile: number;
}

/** GET /api/ops/outcomes?minutes=N (staff): terminal sagas per minute, by outcome. */
export interface OutcomeMinute {
  /** Start of the minute, ISO 8601. */
  minute: string;
  /** COMPLETED, or the cancellation reason. */
  outcomes: Record<string, number>;
}
