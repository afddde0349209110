import type { SagaLane, SagaStatus, TimelineEvent } from '../api/console-api.js';

/** What the projection keeps of one message: enough to tell the story without the services. */
export interface RecordedEvent {
  id: string;
  orderId: string;
  type: string;
  /** The producer's service (from `ce_source`), or the consumer that parked a dead letter. */
  lane: SagaLane;
  at: Date;
  data: Record<string, unknown>;
  topic: string;
  partition: number;
  offset: string;
  deadLetter: { errorKind: string; error: string; consumerGroup: string } | null;
}

type Meaning = Pick<TimelineEvent, 'compensation' | 'failure' | 'summary'>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** How each event type reads on a timeline, keyed by its topic without the version. */
const meanings: Record<string, (data: Record<string, unknown>) => Meaning> = {
  'order.placed': (data) => ({
    compensation: false,
    failure: false,
    summary: `placed: ${Array.isArray(data['items']) ? data['items'].length : 0} line(s), ${text(data['paymentMethod'])}, ships to ${text((data['shippingAddress'] as Record<string, unknown> | undefined)?.['country'])}`,
  }),
  'order.cancelled': (data) => ({
    compensation: false,
    failure: true,
    summary: `cancellation requested: ${text(data['reason'])}`,
  }),
  'inventory.reserved': () => ({ compensation: false, failure: false, summary: 'stock reserved' }),
  'inventory.rejected': (data) => ({
    compensation: false,
    failure: true,
    summary: `reservation refused: ${text(data['reason'])}`,
  }),
  'inventory.released': (data) => ({
    compensation: true,
    failure: false,
    summary: `stock released (${text(data['cause'])})`,
  }),
  'payment.captured': (data) => ({
    compensation: false,
    failure: false,
    summary: `captured ${money(data['amountCents'], data['currency'])}`,
  }),
  'payment.declined': (data) => ({
    compensation: false,
    failure: true,
    summary: `payment declined: ${text(data['reason'])}`,
  }),
  'payment.refunded': (data) => ({
    compensation: true,
    failure: false,
    summary: `refunded ${money(data['amountCents'], data['currency'])} (${text(data['cause'])})`,
  }),
  'fulfilment.shipped': (data) => ({
    compensation: false,
    failure: false,
    summary: `shipped, tracking ${text(data['trackingNumber'])}`,
  }),
  'fulfilment.failed': (data) => ({
    compensation: false,
    failure: true,
    summary: `shipping failed: ${text(data['reason'])}`,
  }),
};

function money(cents: unknown, currency: unknown): string {
  return typeof cents === 'number' ? `${(cents / 100).toFixed(2)} ${text(currency)}`.trim() : '';
}

const unversioned = (type: string) => type.replace(/\.v\d+$/, '');

export function timelineEventOf(event: RecordedEvent): TimelineEvent {
  const meaning = meanings[unversioned(event.type)]?.(event.data) ?? {
    compensation: false,
    failure: false,
    summary: event.type,
  };
  const { deadLetter } = event;
  return {
    id: event.id,
    type: event.type,
    lane: event.lane,
    at: event.at.toISOString(),
    ...meaning,
    ...(deadLetter
      ? {
          failure: true,
          summary: `parked by ${deadLetter.consumerGroup}: ${deadLetter.errorKind}`,
          deadLetter,
        }
      : {}),
    data: event.data,
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
  };
}

export interface SagaOutcome {
  status: SagaStatus;
  reason: string | null;
  finishedAt: Date | null;
}

const rank: Record<SagaStatus, number> = { PENDING: 0, RESERVED: 1, PAID: 2, COMPLETED: 3, CANCELLED: 3 };

/**
 * The saga's state as its events tell it, by the order service's rules: status only moves forward,
 * the first terminal event decides, and a step that refused because the order was being cancelled
 * takes the cancellation's reason. Dead letters change nothing: they never reached their consumer.
 */
export function outcomeOf(events: readonly RecordedEvent[]): SagaOutcome {
  let outcome: SagaOutcome = { status: 'PENDING', reason: null, finishedAt: null };
  let cancellationRequested: string | null = null;
  const sorted = [...events].filter((event) => !event.deadLetter).sort(byTime);
  for (const event of sorted) {
    if (rank[outcome.status] === 3) break;
    const reason = text(event.data['reason']);
    const cancelled = (failure: string) => ({
      status: 'CANCELLED' as const,
      reason: reason === 'ORDER_CANCELLED' ? (cancellationRequested ?? 'CUSTOMER_CANCELLED') : failure,
      finishedAt: event.at,
    });
    switch (unversioned(event.type)) {
      case 'order.cancelled':
        cancellationRequested = reason || 'CUSTOMER_CANCELLED';
        break;
      case 'inventory.reserved':
        outcome = forward(outcome, 'RESERVED');
        break;
      case 'payment.captured':
        outcome = forward(outcome, 'PAID');
        break;
      case 'fulfilment.shipped':
        outcome = { status: 'COMPLETED', reason: null, finishedAt: event.at };
        break;
      case 'inventory.rejected':
        outcome = cancelled('OUT_OF_STOCK');
        break;
      case 'payment.declined':
        outcome = cancelled('PAYMENT_DECLINED');
        break;
      case 'fulfilment.failed':
        outcome = cancelled('FULFILMENT_FAILED');
        break;
    }
  }
  return outcome;
}

function forward(outcome: SagaOutcome, to: 'RESERVED' | 'PAID'): SagaOutcome {
  return rank[to] > rank[outcome.status] ? { ...outcome, status: to } : outcome;
}

/** Time, then the log position, so equal timestamps keep the order they were written in. */
export function byTime(a: RecordedEvent, b: RecordedEvent): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    a.topic.localeCompare(b.topic) ||
    Number(BigInt(a.offset) - BigInt(b.offset))
  );
}
