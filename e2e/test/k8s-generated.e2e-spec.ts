import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { serviceNames } from '@saga-shop/config';
import { consoleKafkaAccess, kafkaAccessOf, sagaServices, type KafkaPermissions } from '@saga-shop/contracts';
import { workspaceRoot } from '@saga-shop/testing';
import { renderOverlay, run, type Manifest, type Yaml } from './k8s-render.js';

// What infra/k8s takes from elsewhere in the repository and must keep equal to it: the generated
// files (KafkaTopics and KafkaUsers from libs/contracts; dashboards and rules from
// infra/monitoring), the Kafka version infra/local runs, and the production overlay's monitoring.
let production: Manifest[] = [];
const all = (kind: string) => production.filter((item) => item.kind === kind);

beforeAll(async () => {
  production = await renderOverlay('production');
}, 600_000);

describe('kafka version', () => {
  it('runs the Kafka version that infra/local runs and the broker suite proves', async () => {
    const native = /KAFKA_VERSION="\$\{KAFKA_VERSION:-([\d.]+)\}"/.exec(
      await readFile(path.join(workspaceRoot, 'infra/local/lib/kafka.sh'), 'utf8'),
    )?.[1];
    const fetched = /<kafka\.version>([\d.]+)<\/kafka\.version>/.exec(
      await readFile(path.join(workspaceRoot, 'infra/local/kafka/pom.xml'), 'utf8'),
    )?.[1];
    expect(native).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fetched).toBe(native);
    expect(all('Kafka')[0]?.spec.kafka.version).toBe(native);
  });
});

/** Runs a generator script into a temporary file and compares it with the checked-in output. */
async function expectCheckedInIsCurrent(script: string, checkedIn: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'k8s-generated-'));
  try {
    const generated = path.join(dir, path.basename(checkedIn));
    await run(process.execPath, ['--conditions=saga-shop-source', '--import', 'tsx', script, generated], {
      cwd: workspaceRoot,
    });
    expect(await readFile(path.join(workspaceRoot, checkedIn), 'utf8')).toBe(
      await readFile(generated, 'utf8'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('generated KafkaTopics', () => {
  it(
    'infra/k8s/base/kafka/topics.yaml is exactly what scripts/generate-k8s-topics.ts writes now',
    () => expectCheckedInIsCurrent('scripts/generate-k8s-topics.ts', 'infra/k8s/base/kafka/topics.yaml'),
    60_000,
  );
});

describe('generated KafkaUsers', () => {
  it(
    'infra/k8s/base/kafka/users.yaml is exactly what scripts/generate-k8s-users.ts writes now',
    () => expectCheckedInIsCurrent('scripts/generate-k8s-users.ts', 'infra/k8s/base/kafka/users.yaml'),
    60_000,
  );

  // The four services' principals and the console's, each with the access libs/contracts gives it.
  const clients: [string, KafkaPermissions][] = [
    ...sagaServices.map((service): [string, KafkaPermissions] => [service, kafkaAccessOf(service)]),
    ['console', consoleKafkaAccess()],
  ];

  it('has one SCRAM user per saga service, one for the console and the admin tooling user, no other', () => {
    const users = all('KafkaUser');
    const expected = [...clients.map(([, access]) => access.principal), 'saga-admin'];
    expect(users.map((user) => user.metadata.name).sort()).toEqual(expected.sort());
    for (const user of users) {
      expect(user.metadata.labels?.['strimzi.io/cluster']).toBe(all('Kafka')[0]?.metadata.name);
      expect(user.spec.authentication).toEqual({ type: 'scram-sha-512' });
    }
  });

  // Each rule as `type name operation pattern`: the comparison is exact, so a wildcard, a prefix
  // where none is given, another group or one operation too many fails it.
  it.each(clients)('the KafkaUser of %s grants exactly what libs/contracts gives it', (_name, access) => {
    const user = all('KafkaUser').find((item) => item.metadata.name === access.principal);
    expect(user?.spec.authorization.type).toBe('simple');
    const granted = (user?.spec.authorization.acls as Yaml[]).flatMap(({ resource, operations, host }) => {
      expect(host ?? '*').toBe('*');
      return operations.map(
        (operation: string) => `${resource.type} ${resource.name} ${operation} ${resource.patternType}`,
      );
    });
    const expected = [
      ...access.read.flatMap((topic) => [`topic ${topic} Read literal`, `topic ${topic} Describe literal`]),
      ...access.write.flatMap((topic) => [`topic ${topic} Write literal`, `topic ${topic} Describe literal`]),
      ...access.groups.map((group) => `group ${group} Read literal`),
      ...(access.groupPrefixes ?? []).map((prefix) => `group ${prefix} Read prefix`),
    ];
    expect([...granted].sort()).toEqual(expected.sort());
  });
});

describe('monitoring (production overlay; Prometheus Operator)', () => {
  it('scrapes exactly the four saga services, keeping the service label they put on every series', () => {
    const [monitor, ...others] = all('ServiceMonitor');
    expect(others).toEqual([]);
    const selector = monitor?.spec.selector.matchLabels as Record<string, string>;
    const selected = all('Service').filter((service) =>
      Object.entries(selector).every(([key, value]) => service.metadata.labels?.[key] === value),
    );
    expect(selected.map((service) => service.metadata.name).sort()).toEqual([...serviceNames].sort());
    const [endpoint] = monitor?.spec.endpoints ?? [];
    expect(endpoint).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
    for (const service of selected)
      expect(service.spec.ports.map((port: Yaml) => port.name)).toContain(endpoint.port);
  });

  it('carries the alerting rules and the dashboards of infra/monitoring unchanged', async () => {
    const [rule] = all('PrometheusRule');
    const source = parse(
      await readFile(path.join(workspaceRoot, 'infra/monitoring/prometheus/alerts.yml'), 'utf8'),
    );
    expect(rule?.spec.groups).toEqual(source.groups);
    const [dashboards] = all('ConfigMap').filter((map) => map.metadata.labels?.['grafana_dashboard'] === '1');
    const file = 'infra/monitoring/grafana/dashboards/saga-shop.json';
    expect(dashboards?.data?.['saga-shop.json']).toBe(await readFile(path.join(workspaceRoot, file), 'utf8'));
  });

  it(
    'dashboards-and-rules.yaml is exactly what scripts/generate-k8s-monitoring.ts writes now',
    () =>
      expectCheckedInIsCurrent(
        'scripts/generate-k8s-monitoring.ts',
        'infra/k8s/components/monitoring/dashboards-and-rules.yaml',
      ),
    60_000,
  );
});
