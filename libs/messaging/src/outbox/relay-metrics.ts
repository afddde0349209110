import { Counter, Gauge, Histogram, register } from 'prom-client';
import type pg from 'pg';

/** prom-client metrics are process-wide; a second relay in one process (tests) reuses them. */
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const relayMetrics = {
  published: metric(
    'outbox_published_total',
    () => new Counter({ name: 'outbox_published_total', help: 'Outbox rows published to Kafka.' }),
  ),
  quarantined: metric(
    'outbox_quarantined_total',
    () =>
      new Counter({
        name: 'outbox_quarantined_total',
        help: 'Outbox rows the broker refused for good, set aside (npm run outbox -- list).',
      }),
  ),
  publishFailures: metric(
    'outbox_publish_failures_total',
    () => new Counter({ name: 'outbox_publish_failures_total', help: 'Failed publish attempts (retried).' }),
  ),
  batchSize: metric(
    'outbox_batch_size',
    () =>
      new Histogram({
        name: 'outbox_batch_size',
        help: 'Rows per published batch.',
        buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      }),
  ),
  publishSeconds: metric(
    'outbox_publish_duration_seconds',
    () =>
      new Histogram({
        name: 'outbox_publish_duration_seconds',
        help: 'Time to send one batch with acks=all and mark it published.',
        buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      }),
  ),
  relayLagSeconds: metric(
    'outbox_relay_lag_seconds',
    () =>
      new Histogram({
        name: 'outbox_relay_lag_seconds',
        help: 'From the commit of an outbox row (its insert where commit times are not tracked) to its acknowledged append in Kafka.',
        buckets: [0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      }),
  ),
};

/** Backlog, quarantine and the age of the oldest unpublished row, read at scrape time. */
export function registerBacklogMetrics(pool: pg.Pool): void {
  if (register.getSingleMetric('outbox_backlog')) return;
  // Both gauges come from one query; prom-client calls each collect(), so share the reading.
  let reading: Promise<{ backlog: number; age: number; quarantined: number }> | undefined;
  const read = () =>
    (reading ??= pool
      .query<{ backlog: string; age: number | null; quarantined: string }>(
        `SELECT count(*) FILTER (WHERE quarantined_at IS NULL) AS backlog,
                count(*) FILTER (WHERE quarantined_at IS NOT NULL) AS quarantined,
                extract(epoch FROM now() - min(created_at) FILTER (WHERE quarantined_at IS NULL))::float AS age
           FROM outbox`,
      )
      .then(({ rows: [row] }) => ({
        backlog: Number(row?.backlog ?? 0),
        age: row?.age ?? 0,
        quarantined: Number(row?.quarantined ?? 0),
      }))
      .catch(() => ({ backlog: Number.NaN, age: Number.NaN, quarantined: Number.NaN }))
      .finally(() => setTimeout(() => (reading = undefined), 0)));

  new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox rows not yet published.',
    async collect() {
      this.set((await read()).backlog);
    },
  });
  new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none).',
    async collect() {
      this.set((await read()).age);
    },
  });
  new Gauge({
    name: 'outbox_quarantined_rows',
    help: 'Outbox rows set aside because the broker refused them for good (0 when none).',
    async collect() {
      this.set((await read()).quarantined);
    },
  });
}
