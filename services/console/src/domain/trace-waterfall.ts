import type { TraceSpan, TraceView } from '../api/console-api.js';

/** The parts of Jaeger's `/api/traces/{id}` answer the waterfall reads. */
export interface JaegerTrace {
  traceID: string;
  spans: {
    spanID: string;
    operationName: string;
    references?: { refType: string; spanID: string }[];
    startTime: number;
    duration: number;
    processID: string;
    tags?: { key: string; value: unknown }[];
  }[];
  processes: Record<string, { serviceName: string }>;
}

const shownAttributes = [
  'messaging.destination.name',
  'messaging.operation',
  'messaging.kafka.message.key',
  'http.route',
  'http.request.method',
  'http.response.status_code',
  'db.statement',
  'db.query.text',
  'saga.order_id',
  'error.type',
];

/**
 * A trace as a waterfall: parents before children, siblings by start, each span placed from the
 * trace's start. A span whose parent Jaeger does not have (still arriving, or dropped) is a root.
 */
export function waterfallOf(trace: JaegerTrace): TraceView {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  const end = Math.max(...trace.spans.map((span) => span.startTime + span.duration));
  const parentOf = (span: JaegerTrace['spans'][number]) =>
    span.references?.find((ref) => ref.refType === 'CHILD_OF' && ids.has(ref.spanID))?.spanID ?? null;
  const children = new Map<string | null, JaegerTrace['spans']>();
  for (const span of trace.spans) {
    const parent = parentOf(span);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const spans: TraceSpan[] = [];
  const visit = (parent: string | null, depth: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => a.startTime - b.startTime);
    for (const span of siblings) {
      const tags = new Map((span.tags ?? []).map((tag) => [tag.key, tag.value]));
      spans.push({
        spanId: span.spanID,
        parentSpanId: parent,
        depth,
        service: trace.processes[span.processID]?.serviceName ?? 'unknown',
        name: span.operationName,
        kind: typeof tags.get('span.kind') === 'string' ? (tags.get('span.kind') as string) : null,
        startUs: span.startTime - start,
        durationUs: span.duration,
        error: tags.get('error') === true || tags.get('otel.status_code') === 'ERROR',
        attributes: Object.fromEntries(
          shownAttributes
            .filter((key) => tags.has(key))
            .map((key) => [key, String(tags.get(key)).slice(0, 300)]),
        ),
      });
      visit(span.spanID, depth + 1);
    }
  };
  visit(null, 0);
  return {
    traceId: trace.traceID,
    durationUs: trace.spans.length > 0 ? end - start : 0,
    services: [...new Set(spans.map((span) => span.service))].sort(),
    spans,
  };
}
