import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { AnySagaEvent } from '@saga-shop/contracts';
import type { IncomingMessage } from '../broker/broker-client.js';
import { contextFromHeaders } from '../tracing/trace-headers.js';

/** Baggage entry naming the order being handled (read by the services' log mixin). */
export const orderIdBaggageKey = 'saga.order_id';

const tracer = trace.getTracer('@saga-shop/messaging');

export interface ProcessSpan {
  span: Span;
  /** The span as parent, and the order id as baggage, for everything the event's handling does. */
  context: Context;
}

/** The `process <topic>` span of one event, a child of the span that published it. */
export function startProcessSpan(
  message: IncomingMessage,
  event: AnySagaEvent,
  groupId: string,
): ProcessSpan {
  const parent = contextFromHeaders(message.headers);
  const span = tracer.startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.consumer.group.name': groupId,
        'messaging.message.id': event.id,
        'messaging.kafka.message.key': event.orderId,
        'messaging.kafka.offset': Number(message.offset),
        'saga.order_id': event.orderId,
      },
    },
    parent,
  );
  const baggage = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(
    orderIdBaggageKey,
    {
      value: event.orderId,
    },
  );
  return { span, context: propagation.setBaggage(trace.setSpan(parent, span), baggage) };
}

export function endProcessSpan({ span }: ProcessSpan, error?: unknown): void {
  if (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  }
  span.end();
}

export function runWithin<T>(processSpan: ProcessSpan, work: () => T): T {
  return context.with(processSpan.context, work);
}
