import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { topicsToProvision } from '@saga-shop/contracts';
import { serviceCatalog, serviceConfigSchema, serviceNames, serviceVariables } from '@saga-shop/config';
import { telemetryVariables } from '@saga-shop/telemetry';
import { workspaceRoot } from '@saga-shop/testing';

// Renders infra/k8s's overlays with the real kustomize (built once by infra/k8s/kustomize.sh) and
// checks what a cluster would receive against the code's own sources of truth: the service
// catalog, the telemetry variables and the topics in libs/contracts. Needs no cluster.
const run = promisify(execFile);
const overlays = ['local', 'production'] as const;
type Overlay = (typeof overlays)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, asserted field by field
type Yaml = any;
interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Yaml;
  data?: Record<string, string>;
}

const rendered = {} as Record<Overlay, Manifest[]>;
const all = (overlay: Overlay, kind: string) => rendered[overlay].filter((item) => item.kind === kind);
function one(overlay: Overlay, kind: string, name: string): Manifest {
  const found = all(overlay, kind).find((item) => item.metadata.name === name);
  if (!found) throw new Error(`${overlay}: no ${kind} ${name}`);
  return found;
}
const appContainer = (deployment: Manifest): Yaml => deployment.spec.template.spec.containers[0];
const envOf = (container: Yaml): { name: string; value?: string; valueFrom?: Yaml }[] => container.env ?? [];

/** The environment the service would see, with the secret's URL stood in by a placeholder. */
function environment(container: Yaml): Record<string, string> {
  const entries = envOf(container).map((e) => [e.name, e.value ?? 'postgresql://from-secret@db:5432/db']);
  return Object.fromEntries(entries);
}

/** Every container image in Deployments, plus the operators' operand images we pin. */
function images(overlay: Overlay): string[] {
  const pods = all(overlay, 'Deployment').map((d) => d.spec.template.spec);
  const containers = pods.flatMap((pod) => [...pod.containers, ...(pod.initContainers ?? [])]);
  return [...containers.map((c) => c.image), ...all(overlay, 'Cluster').map((c) => c.spec.imageName)];
}

const brokerCount = (overlay: Overlay) =>
  all(overlay, 'KafkaNodePool')
    .filter((pool) => pool.spec.roles.includes('broker'))
    .reduce((sum, pool) => sum + pool.spec.replicas, 0);

beforeAll(async () => {
  for (const overlay of overlays) {
    // A fresh machine builds kustomize from the Go module proxy first (about a minute).
    const { stdout } = await run('bash', ['infra/k8s/kustomize.sh', `infra/k8s/overlays/${overlay}`], {
      cwd: workspaceRoot,
      maxBuffer: 32 * 1024 * 1024,
    });
    rendered[overlay] = parseAllDocuments(stdout).map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS() as Manifest;
    });
  }
}, 600_000);

describe.each(overlays)('kubernetes manifests (%s overlay)', (overlay) => {
  // Each check collects the offenders, so a failure names them.
  it('pins every image to an exact version or a digest, never latest', () => {
    // A digest, or a tag that names a release (major.minor at least): never latest or a bare major.
    const pinned = (image: string) =>
      /@sha256:[a-f0-9]{64}$/.test(image) || /:v?\d+(\.\d+)+[\w.-]*$/.test(image.split('@')[0] ?? '');
    const list = images(overlay);
    expect(list.length).toBeGreaterThanOrEqual(serviceNames.length + 2);
    expect(list.filter((image) => !pinned(image))).toEqual([]);
  });

  it.each(serviceNames)(
    '%s listens on its DESIGN.md port, probed on /health/live and /health/ready',
    (name) => {
      const container = appContainer(one(overlay, 'Deployment', name));
      const port = serviceCatalog[name].port;
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      const probed = (probe: Yaml) => {
        const named = container.ports.find((p: Yaml) => p.name === probe?.httpGet.port);
        return `${probe?.httpGet.path} on ${named?.containerPort ?? probe?.httpGet.port}`;
      };
      expect([container.livenessProbe, container.readinessProbe, container.startupProbe].map(probed)).toEqual(
        [`/health/live on ${port}`, `/health/ready on ${port}`, `/health/live on ${port}`],
      );
      const service = one(overlay, 'Service', name);
      expect(service.spec.ports.map((p: Yaml) => [p.port, p.targetPort])).toEqual([[port, 'http']]);
    },
  );

  it('sets cpu and memory requests and limits on every container', () => {
    const containers = all(overlay, 'Deployment').flatMap((d) => d.spec.template.spec.containers);
    const complete = (amounts: Yaml) => Boolean(amounts?.cpu && amounts?.memory);
    const lacking = containers.filter(
      (c) => !complete(c.resources?.requests) || !complete(c.resources?.limits),
    );
    expect(lacking.map((c) => c.name)).toEqual([]);
  });

  it.each(serviceNames)('%s is covered by a PodDisruptionBudget and runs non-root, read-only', (name) => {
    const { template } = one(overlay, 'Deployment', name).spec;
    const covers = (pdb: Manifest) =>
      Object.entries(pdb.spec.selector.matchLabels).every(
        ([key, value]) => template.metadata.labels[key] === value,
      );
    expect(all(overlay, 'PodDisruptionBudget').filter(covers)).toHaveLength(1);
    expect(template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(template.spec.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
  });

  it.each(serviceNames)('%s gets exactly the variables its code reads, with values it accepts', (name) => {
    const container = appContainer(one(overlay, 'Deployment', name));
    const names = envOf(container).map((e) => e.name);
    expect(names.length).toBe(new Set(names).size);
    expect([...names].sort()).toEqual([...serviceVariables(name), ...telemetryVariables].sort());
    const env = environment(container);
    const config = serviceConfigSchema(serviceCatalog[name]).parse(env);
    serviceCatalog[name].settings?.parse(env);
    expect([config.serviceName, env['OTEL_SERVICE_NAME'], config.eventDelivery]).toEqual([
      name,
      name,
      'outbox',
    ]);
    expect(container.image.endsWith(`/${name}:${env['SERVICE_VERSION']}`)).toBe(true);
  });

  it.each(serviceNames)('%s outlives its own shutdown timeout before being killed', (name) => {
    const { spec } = one(overlay, 'Deployment', name).spec.template;
    const preStopMs = (spec.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    const shutdownMs = Number(environment(spec.containers[0])['SHUTDOWN_TIMEOUT_MS']);
    expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + shutdownMs);
  });

  it.each(serviceNames)("%s reads DATABASE_URL from its own CloudNativePG cluster's app secret", (name) => {
    const { database } = serviceCatalog[name];
    const clusters = all(overlay, 'Cluster').filter((c) => c.spec.bootstrap.initdb.database === database);
    expect(clusters.map((c) => c.spec.bootstrap.initdb)).toEqual([{ database, owner: database }]);
    const url = envOf(appContainer(one(overlay, 'Deployment', name))).find((e) => e.name === 'DATABASE_URL');
    const secretKeyRef = { name: `${clusters[0]?.metadata.name}-app`, key: 'uri' };
    expect(url).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef } });
  });

  it('writes no credential in plain text into a ConfigMap or an env value', () => {
    const credential = /\/\/[^/\s:@]+:[^@\s]+@|password\s*[:=]/i;
    const containers = all(overlay, 'Deployment').flatMap((d) => d.spec.template.spec.containers);
    const plainEnv = containers
      .flatMap(envOf)
      .filter(
        ({ name, value }) =>
          value !== undefined && (credential.test(value) || /PASSWORD|SECRET|TOKEN/.test(name)),
      );
    expect(plainEnv).toEqual([]);
    const plainData = all(overlay, 'ConfigMap')
      .flatMap((map) => Object.entries(map.data ?? {}))
      .filter(([key, value]) => credential.test(value) || /password|secret/i.test(key));
    expect(plainData).toEqual([]);
  });
});

describe.each(overlays)('kafka, telemetry and scaling (%s overlay)', (overlay) => {
  const kafka = () => all(overlay, 'Kafka')[0] as Manifest;
  const partitionsOfEventTopics = () =>
    all(overlay, 'KafkaTopic')
      .filter((topic) => !topic.spec.topicName.endsWith('.dlq'))
      .map((topic) => topic.spec.partitions as number);

  it('runs one KRaft Kafka (Strimzi) with auto topic creation off and replication its brokers can hold', () => {
    expect(all(overlay, 'Kafka')).toHaveLength(1);
    const pools = all(overlay, 'KafkaNodePool');
    expect(pools.map((pool) => pool.metadata.labels?.['strimzi.io/cluster'])).toEqual(
      pools.map(() => kafka().metadata.name),
    );
    expect(pools.some((pool) => pool.spec.roles.includes('controller'))).toBe(true);
    const config = kafka().spec.kafka.config;
    expect(config['auto.create.topics.enable']).toBe(false);
    const replication = [
      brokerCount(overlay),
      config['default.replication.factor'],
      config['min.insync.replicas'],
    ];
    expect(replication[1]).toBeLessThanOrEqual(replication[0]);
    expect(replication[2]).toBeLessThanOrEqual(replication[1]);
    if (overlay === 'production') expect(replication).toEqual([3, 3, 2]);
  });

  it('runs the Kafka version that infra/local runs and the broker suite proves', async () => {
    const native = /KAFKA_VERSION="\$\{KAFKA_VERSION:-([\d.]+)\}"/.exec(
      await readFile(path.join(workspaceRoot, 'infra/local/lib/kafka.sh'), 'utf8'),
    )?.[1];
    const fetched = /<kafka\.version>([\d.]+)<\/kafka\.version>/.exec(
      await readFile(path.join(workspaceRoot, 'infra/local/kafka/pom.xml'), 'utf8'),
    )?.[1];
    expect(native).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fetched).toBe(native);
    expect(kafka().spec.kafka.version).toBe(native);
  });

  it('has a KafkaTopic for every topic in libs/contracts and its .dlq twin, and no other', () => {
    const topics = all(overlay, 'KafkaTopic');
    expect(topics.map((topic) => topic.spec.topicName).sort()).toEqual(topicsToProvision().sort());
    // At least scripts/create-topics.ts's default partitions, so local and Kubernetes runs scale alike.
    const brokers = brokerCount(overlay);
    const misfits = topics.filter(
      ({ metadata, spec }) =>
        metadata.labels?.['strimzi.io/cluster'] !== kafka().metadata.name ||
        spec.partitions < 6 ||
        spec.replicas > brokers ||
        spec.config['min.insync.replicas'] > spec.replicas,
    );
    expect(misfits.map((topic) => topic.metadata.name)).toEqual([]);
    if (overlay === 'production') {
      const replication = topics.map((topic) => [
        topic.spec.replicas,
        topic.spec.config['min.insync.replicas'],
      ]);
      expect(new Set(replication.map(String))).toEqual(new Set(['3,2']));
    }
  });

  it.each(serviceNames)(
    '%s reaches the Kafka bootstrap service and exports spans to the collector',
    (name) => {
      const env = environment(appContainer(one(overlay, 'Deployment', name)));
      const plain = kafka().spec.kafka.listeners.find((listener: Yaml) => listener.tls === false);
      expect(env['KAFKA_BROKERS']).toBe(`${kafka().metadata.name}-kafka-bootstrap:${plain.port}`);
      const endpoint = new URL(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '');
      const collector = one(overlay, 'Service', endpoint.hostname);
      expect(collector.spec.ports.map((p: Yaml) => p.port)).toContain(Number(endpoint.port));
      // The collector's config (a generated ConfigMap) receives on that port and exports to Jaeger.
      const deployment = one(overlay, 'Deployment', collector.spec.selector['app.kubernetes.io/name']);
      const mapName = deployment.spec.template.spec.volumes.find((v: Yaml) => v.configMap)?.configMap.name;
      const config = parse(one(overlay, 'ConfigMap', mapName).data?.['config.yaml'] ?? '');
      expect(config.receivers.otlp.protocols.http.endpoint).toMatch(new RegExp(`:${endpoint.port}$`));
      const [jaegerHost, jaegerPort] = config.exporters['otlp/jaeger'].endpoint.split(':');
      const jaegerPorts = one(overlay, 'Service', jaegerHost).spec.ports.map((p: Yaml) => p.port);
      expect(jaegerPorts).toEqual(expect.arrayContaining([Number(jaegerPort), 16686]));
    },
  );

  it.each(serviceNames)(
    '%s scales with its consumer group, never past the partitions of its topics',
    (name) => {
      const deployment = one(overlay, 'Deployment', name);
      const scaled = all(overlay, 'ScaledObject').filter((s) => s.spec.scaleTargetRef.name === name);
      if (overlay === 'local') {
        expect([scaled.length, deployment.spec.replicas]).toEqual([0, 1]);
        return;
      }
      expect(scaled).toHaveLength(1);
      const { spec } = scaled[0] as Manifest;
      const lag = spec.triggers.find((trigger: Yaml) => trigger.type === 'kafka').metadata;
      const env = environment(appContainer(deployment));
      expect(lag.consumerGroup).toBe(serviceConfigSchema(serviceCatalog[name]).parse(env).consumer.groupId);
      expect(lag.bootstrapServers).toBe(env['KAFKA_BROKERS']);
      expect(spec.maxReplicaCount).toBeLessThanOrEqual(Math.min(...partitionsOfEventTopics()));
      expect(spec.minReplicaCount).toBeGreaterThanOrEqual(2);
      expect(spec.minReplicaCount).toBeLessThanOrEqual(spec.maxReplicaCount);
      // KEDA owns the count; a `replicas` in the manifest would reset it on every apply.
      expect(deployment.spec.replicas).toBeUndefined();
    },
  );

  it('runs every PostgreSQL cluster highly available in production and single in local', () => {
    const instances = all(overlay, 'Cluster').map((cluster) => cluster.spec.instances);
    expect(instances).toHaveLength(serviceNames.length);
    for (const count of instances) {
      if (overlay === 'production') expect(count).toBeGreaterThanOrEqual(2);
      else expect(count).toBe(1);
    }
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

describe('monitoring (production overlay; Prometheus Operator)', () => {
  it('scrapes exactly the four saga services, keeping the service label they put on every series', () => {
    const [monitor, ...others] = all('production', 'ServiceMonitor');
    expect(others).toEqual([]);
    const selector = monitor?.spec.selector.matchLabels as Record<string, string>;
    const selected = all('production', 'Service').filter((service) =>
      Object.entries(selector).every(([key, value]) => service.metadata.labels?.[key] === value),
    );
    expect(selected.map((service) => service.metadata.name).sort()).toEqual([...serviceNames].sort());
    const [endpoint] = monitor?.spec.endpoints ?? [];
    expect(endpoint).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
    for (const service of selected)
      expect(service.spec.ports.map((port: Yaml) => port.name)).toContain(endpoint.port);
  });

  it('carries the alerting rules and the dashboards of infra/monitoring unchanged', async () => {
    const [rule] = all('production', 'PrometheusRule');
    const source = parse(
      await readFile(path.join(workspaceRoot, 'infra/monitoring/prometheus/alerts.yml'), 'utf8'),
    );
    expect(rule?.spec.groups).toEqual(source.groups);
    const [dashboards] = all('production', 'ConfigMap').filter(
      (map) => map.metadata.labels?.['grafana_dashboard'] === '1',
    );
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
