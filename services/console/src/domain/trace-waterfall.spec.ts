import { describe, expect, it } from '@jest/globals';
import { waterfallOf, type JaegerTrace } from './trace-waterfall.js';

const span = (
  spanID: string,
  start: number,
  duration: number,
  parent?: string,
  processID = 'p1',
  tags: { key: string; value: unknown }[] = [],
) => ({
  spanID,
  operationName: `op ${spanID}`,
  references: parent ? [{ refType: 'CHILD_OF', spanID: parent }] : [],
  startTime: start,
  duration,
  processID,
  tags,
});

describe('a Jaeger trace as a waterfall', () => {
  const trace: JaegerTrace = {
    traceID: 'a'.repeat(32),
    processes: { p1: { serviceName: 'order' }, p2: { serviceName: 'payment' } },
    spans: [
      span('c', 1_500, 100, 'a', 'p2', [{ key: 'error', value: true }]),
      span('b', 1_200, 200, 'a', 'p1', [{ key: 'http.route', value: '/orders' }]),
      span('a', 1_000, 1_000),
      span('orphan', 1_100, 50, 'missing-parent', 'p2'),
    ],
  };

  it('puts parents before children and siblings by start, from the trace start', () => {
    const view = waterfallOf(trace);
    expect(view.spans.map((s) => [s.spanId, s.depth, s.startUs])).toEqual([
      ['a', 0, 0],
      ['b', 1, 200],
      ['c', 1, 500],
      ['orphan', 0, 100],
    ]);
    expect(view.durationUs).toBe(1_000);
    expect(view.services).toEqual(['order', 'payment']);
  });

  it('names each span service, marks errors and keeps the attributes worth showing', () => {
    const byId = new Map(waterfallOf(trace).spans.map((s) => [s.spanId, s]));
    expect(byId.get('c')).toMatchObject({ service: 'payment', error: true });
    expect(byId.get('b')).toMatchObject({ error: false, attributes: { 'http.route': '/orders' } });
  });
});
