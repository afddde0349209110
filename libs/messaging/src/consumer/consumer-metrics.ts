import { Counter, Histogram, register } from 'prom-client';

function counter(name: string, help: string): Counter<'topic'> {
  return (
    (register.getSingleMetric(name) as Counter<'topic'> | undefined) ??
    new Counter({ name, help, labelNames: ['topic'] })
  );
}

export const consumerMetrics = {
  handled: counter('consumer_messages_handled_total', 'Messages handled (applied or skipped as duplicate).'),
  duplicates: counter('consumer_messages_duplicate_total', 'Redelivered messages the inbox skipped.'),
  retried: counter('consumer_messages_retried_total', 'Handling attempts that failed and were retried.'),
  deadLettered: counter('consumer_messages_dead_lettered_total', 'Messages parked on a dead-letter topic.'),
  outageRetries: counter(
    'consumer_outage_retries_total',
    'Batches put back because the database or broker was unreachable (retried for as long as it lasts).',
  ),
  transactionEvents:
    (register.getSingleMetric('consumer_transaction_events') as Histogram | undefined) ??
    new Histogram({
      name: 'consumer_transaction_events',
      help: 'Events handled per consumer transaction (every partition of a fetch shares one).',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    }),
};
