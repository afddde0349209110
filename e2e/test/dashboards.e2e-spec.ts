import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { serviceCatalog, serviceNames } from '@saga-shop/config';
import { brokerClientKindFrom, createBrokerClient } from '@saga-shop/messaging';
import {
  SagaClient,
  SagaStack,
  loadComposeFile,
  waitFor,
  workspaceRoot,
  adminBrokerOptions,
} from '@saga-shop/testing';

// The dashboards and alerting rules of infra/monitoring are only worth something if what they
// query exists. This parses every PromQL expression with Prometheus' own grammar, then scrapes the
// four live services (after an order completed and a poison message was dead-lettered, so that
// labelled series exist) and fails when an expression, a legend or an alert names a metric or a
// label that no service exposes.
const read = (file: string) => readFileSync(path.join(workspaceRoot, file), 'utf8');
const dashboardsDir = 'infra/monitoring/grafana/dashboards';

interface Panel {
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; legendFormat?: string; datasource?: { uid: string } }[];
}
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const dashboards = readdirSync(path.join(workspaceRoot, dashboardsDir))
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, ...(JSON.parse(read(`${dashboardsDir}/${file}`)) as { panels: Panel[] }) }));
const rules = (
  (loadYaml('infra/monitoring/prometheus/alerts.yml') as { groups: { rules: Rule[] }[] }).groups ?? []
).flatMap((group) => group.rules);

function loadYaml(file: string): unknown {
  return parse(read(file));
}

interface Query {
  where: string;
  expr: string;
  /** Labels the query's output is expected to carry (legend placeholders, alert templates). */
  usedLabels: string[];
}

const queries: Query[] = [
  ...dashboards.flatMap(({ file, panels }) =>
    panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        where: `${file}: ${panel.title}`,
        expr: target.expr,
        usedLabels: [...(target.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(
          (match) => match[1]!,
        ),
      })),
    ),
  ),
  ...rules.map((rule) => ({
    where: `alert ${rule.alert}`,
    expr: rule.expr,
    usedLabels: Object.values(rule.annotations ?? {}).flatMap((text) =>
      [...text.matchAll(/\$labels\.(\w+)/g)].map((match) => match[1]!),
    ),
  })),
];

/** What a PromQL expression reads: metric names, label names in matchers and in by/on/... lists. */
function analyse(expr: string) {
  // Grafana's interval variables are not PromQL; any duration parses the same.
  const promql = expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m');
  const tree = parser.parse(promql);
  const metrics: string[] = [];
  const matcherLabels: string[] = [];
  const groupingLabels: string[] = [];
  const errors: number[] = [];
  tree.iterate({
    enter(node) {
      const text = promql.slice(node.from, node.to);
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) metrics.push(promql.slice(identifier.from, identifier.to));
      }
      if (node.name === 'LabelName') {
        const parent = node.node.parent?.name ?? '';
        (parent === 'GroupingLabels' ? groupingLabels : matcherLabels).push(text);
      }
    },
  });
  return { metrics, matcherLabels, groupingLabels, errors };
}

describe('dashboards and alerting rules (static)', () => {
  it('has at least one dashboard with queries, and the alerts an operator needs', () => {
    expect(queries.length).toBeGreaterThan(15);
    expect(rules.map((rule) => rule.alert).sort()).toEqual(
      expect.arrayContaining(['ConsumerLagging', 'DeadLetter', 'OutboxGrowing', 'SagaStuck']),
    );
  });

  it.each(queries.map((query) => [query.where, query] as const))(
    '%s: parses as PromQL and reads at least one metric',
    (_where, query) => {
      const { metrics, errors } = analyse(query.expr);
      expect({ expr: query.expr, errors }).toEqual({ expr: query.expr, errors: [] });
      expect(metrics.length).toBeGreaterThan(0);
    },
  );

  it('gives every alert a severity, a summary and a description', () => {
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels?.['severity'] }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(rule.annotations?.['summary']).toBeTruthy();
      expect(rule.annotations?.['description']).toBeTruthy();
    }
  });

  it('points every panel at the provisioned data source, and Prometheus at every catalog service', () => {
    const datasource = loadYaml('infra/monitoring/grafana/provisioning/datasources/prometheus.yml') as {
      datasources: { uid: string }[];
    };
    const uids = datasource.datasources.map((entry) => entry.uid);
    for (const { panels } of dashboards)
      for (const panel of panels) {
        expect(uids).toContain(panel.datasource?.uid);
        for (const target of panel.targets ?? []) expect(uids).toContain(target.datasource?.uid);
      }
    const prometheus = loadYaml('infra/monitoring/prometheus/prometheus.yml') as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((config) =>
      config.static_configs.flatMap((entry) => entry.targets),
    );
    expect(targets.sort()).toEqual(serviceNames.map((name) => `${name}:${serviceCatalog[name].port}`).sort());
  });

  it('mounts these very files in the compose profile', () => {
    const services = loadComposeFile().services;
    const mounts = [...(services['prometheus']?.volumes ?? []), ...(services['grafana']?.volumes ?? [])].map(
      (volume) => volume.split(':')[0],
    );
    expect(mounts.sort()).toEqual(
      [
        './infra/monitoring/prometheus/prometheus.yml',
        './infra/monitoring/prometheus/alerts.yml',
        './infra/monitoring/grafana/provisioning',
        './infra/monitoring/grafana/dashboards',
      ].sort(),
    );
  });
});

/**
 * Sample names and the label names seen on each, from Prometheus text exposition. A metric that
 * is declared but has no series yet (a labelled counter nothing has incremented: outage retries,
 * duplicates) still exists: its `# TYPE` line names it, and its samples' names follow from its type.
 */
function exposition(text: string, into: Map<string, Set<string>>) {
  for (const line of text.split('\n')) {
    const declared = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (declared) {
      const [, name, type] = declared as unknown as [string, string, string];
      const samples =
        type === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => name + suffix) : [name];
      for (const sample of samples) if (!into.has(sample)) into.set(sample, new Set());
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) continue;
    const labels = into.get(name) ?? new Set<string>();
    const braces = /^[^{ ]*\{(.*)\}\s/.exec(line)?.[1] ?? '';
    for (const match of braces.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(match[1]!);
    into.set(name, labels);
  }
}

describe('dashboards and alerting rules against the live services', () => {
  const stack = new SagaStack();
  const client = new SagaClient(stack);
  const kafka = createBrokerClient(
    adminBrokerOptions('dashboards-e2e'),
    brokerClientKindFrom(process.env['KAFKA_CLIENT']),
  );
  const exposed = new Map<string, Set<string>>();
  // Prometheus adds these to every series it scrapes.
  const targetLabels = ['job', 'instance'];
  // The labels every service puts on each of its series (prom-client's default labels): they are
  // what a series of a metric that has none yet will carry too.
  const defaultLabels = () => {
    const seen = [...exposed.values()].filter((labels) => labels.size > 0);
    return [...(seen[0] ?? [])].filter(
      (label) => label !== 'le' && seen.every((labels) => labels.has(label)),
    );
  };

  beforeAll(async () => {
    await stack.start();
    const orderId = await client.placeOrder();
    expect((await client.waitForTerminal(orderId)).status).toBe('COMPLETED');
    const before = await fetch(`${stack.url('inventory')}/metrics`).then((answer) => answer.text());
    const producer = await kafka.producer();
    try {
      await producer.send([{ topic: 'order.placed.v1', key: 'dashboards-poison', value: '{not json' }]);
    } finally {
      await producer.disconnect();
    }
    await waitFor(
      async () => {
        const now = await fetch(`${stack.url('inventory')}/metrics`).then((answer) => answer.text());
        const parked = /consumer_messages_dead_lettered_total\{[^}]*topic="order\.placed\.v1"[^}]*\} (\d+)/;
        return Number(parked.exec(now)?.[1] ?? 0) > Number(parked.exec(before)?.[1] ?? 0) || undefined;
      },
      { timeoutMs: 30_000, what: 'inventory to dead-letter the poison message' },
    );
    for (const name of serviceNames) {
      exposition(await fetch(`${stack.url(name)}/metrics`).then((answer) => answer.text()), exposed);
    }
  }, 120_000);
  afterAll(() => stack.stop(), 60_000);

  it.each(queries.map((query) => [query.where, query] as const))(
    '%s: every metric and label it names is exposed',
    (_where, query) => {
      const { metrics, matcherLabels, groupingLabels } = analyse(query.expr);
      const missingMetrics = metrics.filter((metric) => !exposed.has(metric));
      expect({ expr: query.expr, missingMetrics }).toEqual({ expr: query.expr, missingMetrics: [] });

      const available = new Set([
        ...targetLabels,
        ...defaultLabels(),
        ...metrics.flatMap((metric) => [...exposed.get(metric)!]),
      ]);
      expect(defaultLabels()).toContain('service');
      const missingLabels = [...new Set([...matcherLabels, ...groupingLabels, ...query.usedLabels])].filter(
        (label) => !available.has(label),
      );
      expect({ expr: query.expr, missingLabels }).toEqual({ expr: query.expr, missingLabels: [] });
    },
  );
});
