import type { SagaLane, ServiceHealth } from '../api/console-api.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments and blank lines skipped). */
export function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined) labels[key] = (value ?? '').replace(/\\(.)/g, '$1');
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

const sumOf = (
  samples: Sample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
) => {
  const matching = samples.filter((sample) => sample.name === name && where(sample.labels));
  return matching.length > 0 ? matching.reduce((sum, sample) => sum + sample.value, 0) : null;
};

/** What the operations page shows of one service, from its /metrics (null when it did not answer). */
export function serviceHealthOf(service: SagaLane, metrics: string | null): ServiceHealth {
  if (metrics === null) {
    return {
      service,
      up: false,
      outboxBacklog: null,
      outboxOldestSeconds: null,
      consumerLag: null,
      deadLettered: null,
      httpRequests: null,
      httpServerErrors: null,
    };
  }
  const samples = samplesOf(metrics);
  return {
    service,
    up: true,
    outboxBacklog: sumOf(samples, 'outbox_backlog'),
    outboxOldestSeconds: sumOf(samples, 'outbox_oldest_unpublished_age_seconds'),
    consumerLag: sumOf(samples, 'consumer_lag_messages') ?? 0,
    deadLettered: sumOf(samples, 'consumer_messages_dead_lettered_total') ?? 0,
    httpRequests: sumOf(samples, 'http_request_duration_seconds_count') ?? 0,
    httpServerErrors:
      sumOf(samples, 'http_request_duration_seconds_count', (labels) =>
        (labels['status'] ?? '').startsWith('5'),
      ) ?? 0,
  };
}
