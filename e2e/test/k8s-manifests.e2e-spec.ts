import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { topicsToProvision } from '@saga-shop/contracts';
import { serviceCatalog, serviceConfigSchema, serviceNames, serviceVariables } from '@saga-shop/config';
import { telemetryVariables } from '@saga-shop/telemetry';
import { overlays, renderOverlay, type Manifest, type Overlay, type Yaml } from './k8s-render.js';

// Checks what a cluster would receive (k8s-render.ts) against the code's own sources of truth: the
// service catalog, the telemetry variables and the topics in libs/contracts.
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
  for (const overlay of overlays) rendered[overlay] = await renderOverlay(overlay);
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
