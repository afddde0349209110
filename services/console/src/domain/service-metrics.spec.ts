import { describe, expect, it } from '@jest/globals';
import { samplesOf, serviceHealthOf } from './service-metrics.js';

const exposition = `# HELP outbox_backlog Unpublished outbox rows.
# TYPE outbox_backlog gauge
outbox_backlog{service="order"} 7
consumer_lag_messages{service="order",topic="payment.captured.v1",partition="0"} 3
consumer_lag_messages{service="order",topic="payment.captured.v1",partition="1"} 4
http_request_duration_seconds_count{method="POST",route="/orders",status="202",service="order"} 40
http_request_duration_seconds_count{method="POST",route="/orders",status="503",service="order"} 2
http_request_duration_seconds_count{method="GET",route="/orders/:id",status="500",service="order"} 1
`;

describe('a service as the operations page shows it', () => {
  it('sums metrics over their label sets and counts 5xx answers', () => {
    expect(serviceHealthOf('order', exposition)).toEqual({
      service: 'order',
      up: true,
      outboxBacklog: 7,
      outboxOldestSeconds: null,
      consumerLag: 7,
      deadLettered: 0,
      httpRequests: 43,
      httpServerErrors: 3,
    });
  });

  it('is down when its metrics did not come', () => {
    expect(serviceHealthOf('payment', null)).toMatchObject({
      service: 'payment',
      up: false,
      consumerLag: null,
    });
  });

  it('reads escaped label values', () => {
    expect(samplesOf('x{a="q\\"uote"} 1')).toEqual([{ name: 'x', labels: { a: 'q"uote' }, value: 1 }]);
  });
});
