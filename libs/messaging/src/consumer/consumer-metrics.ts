import { Counter, Gauge, Histogram, register } from 'prom-client';

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
  lag: consumerLag(),
  transactionEvents:
    (register.getSingleMetric('consumer_transaction_events') as Histogram | undefined) ??
    new Histogram({
      name: 'consumer_transaction_events',
      help: 'Events handled per consumer transaction (every partition of a fetch shares one).',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    }),
};

interface LagEntry {
  topic: string;
  partition: string;
  behind: number;
  at: number;
}

/** How long a partition's lag is reported after this member last resolved a batch of it. */
const lagReportedForMs = 60_000;

/**
 * How far this member was behind each partition when it last resolved a batch there: the
 * partition's end as the fetch reported it, minus the last offset handled. A partition this
 * member has not resolved for a minute (it moved to another member in a rebalance, or nothing
 * new arrived) drops out, so a stale value never outlives its owner; a consumer stuck on an
 * outage is reported by consumer_waiting_seconds instead.
 */
function consumerLag() {
  // One map per process, like the registry: a second copy of this module (source and dist both
  // loaded) must feed the gauge the first copy registered.
  const key = Symbol.for('saga-shop.consumer-lag');
  const holder = globalThis as unknown as Record<symbol, Map<string, LagEntry> | undefined>;
  const latest = (holder[key] ??= new Map<string, LagEntry>());
  if (!register.getSingleMetric('consumer_lag_messages')) {
    new Gauge({
      name: 'consumer_lag_messages',
      help: 'Messages after the last one this consumer handled in each partition, as of its fetch.',
      labelNames: ['topic', 'partition'],
      collect() {
        this.reset();
        const now = Date.now();
        for (const [key, entry] of latest) {
          if (now - entry.at > lagReportedForMs) latest.delete(key);
          else this.set({ topic: entry.topic, partition: entry.partition }, entry.behind);
        }
      },
    });
  }
  return {
    set(labels: { topic: string; partition: string }, behind: number): void {
      latest.set(`${labels.topic}/${labels.partition}`, { ...labels, behind, at: Date.now() });
    },
  };
}
