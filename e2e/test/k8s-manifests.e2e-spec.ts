import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { topicsToProvision } from '@saga-shop/contracts';
import {
  deployableCatalog,
  deployableNames,
  serviceCatalog,
  serviceConfigSchema,
  serviceNames,
  serviceVariables,
} from '@saga-shop/config';
import { telemetryVariables } from '@saga-shop/telemetry';
import {
  appContainer,
  envOf,
  environment,
  overlays,
  referencesIn,
  renderOverlay,
  type Manifest,
  type Overlay,
  type Yaml,
} from './k8s-render.js';

// Checks what a cluster would receive (k8s-render.ts) against the code's own sources of truth: the
// catalog of deployables (the four services and the console), the telemetry variables and the
// topics in libs/contracts.
const rendered = {} as Record<Overlay, Manifest[]>;
const all = (overlay: Overlay, kind: string) => rendered[overlay].filter((item) => item.kind === kind);
function one(overlay: Overlay, kind: string, name: string): Manifest {
  const found = all(overlay, kind).find((item) => item.metadata.name === name);
  if (!found) throw new Error(`${overlay}: no ${kind} ${name}`);
  return found;
}

/**
 * The variables a container sets for the code to read. A variable the code does not know is left
 * out only when it exists to be expanded into another one of the same container (DB_RUNTIME_USER
 * into DATABASE_URL's `$(DB_RUNTIME_USER)`): the kubelet consumes it, the code ignores it.
 */
const migrateOnly = ['DATABASE_MIGRATION_URL'];

function variablesForTheCode(container: Yaml, known: Set<string>): string[] {
  const env = envOf(container);
  const expanded = new Set(env.flatMap((e) => referencesIn(e.value)));
  return env.map((e) => e.name).filter((name) => known.has(name) || !expanded.has(name));
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
    expect(list.length).toBeGreaterThanOrEqual(deployableNames.length + 2);
    expect(list.filter((image) => !pinned(image))).toEqual([]);
  });

  it.each(deployableNames)(
    '%s listens on its DESIGN.md port, probed on /health/live and /health/ready',
    (name) => {
      const container = appContainer(one(overlay, 'Deployment', name));
      const port = deployableCatalog[name].port;
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
    const pods = all(overlay, 'Deployment').map((d) => d.spec.template.spec);
    const containers = pods.flatMap((pod) => [...pod.containers, ...(pod.initContainers ?? [])]);
    const complete = (amounts: Yaml) => Boolean(amounts?.cpu && amounts?.memory);
    const lacking = containers.filter(
      (c) => !complete(c.resources?.requests) || !complete(c.resources?.limits),
    );
    expect(lacking.map((c) => c.name)).toEqual([]);
  });

  it.each(deployableNames)('%s is covered by a PodDisruptionBudget and runs non-root, read-only', (name) => {
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

  it.each(deployableNames)('%s gets exactly the variables its code reads, with values it accepts', (name) => {
    const container = appContainer(one(overlay, 'Deployment', name));
    const known = [...serviceVariables(name), ...telemetryVariables];
    const names = variablesForTheCode(container, new Set(known));
    expect(envOf(container).length).toBe(new Set(envOf(container).map((e) => e.name)).size);
    // The owner's URL is read only by the migrate init container, never by the app.
    expect([...names].sort()).toEqual(known.filter((v) => !migrateOnly.includes(v)).sort());
    const migrate = one(overlay, 'Deployment', name).spec.template.spec.initContainers?.[0];
    const unknown = variablesForTheCode(migrate, new Set(known)).filter((v) => !known.includes(v));
    expect([migrate?.name, unknown]).toEqual(['migrate', []]);
    const env = environment(container);
    const config = serviceConfigSchema(deployableCatalog[name]).parse(env);
    deployableCatalog[name].settings?.parse(env);
    expect([config.serviceName, env['OTEL_SERVICE_NAME'], config.eventDelivery]).toEqual([
      name,
      name,
      'outbox',
    ]);
    expect(container.image.endsWith(`/${name}:${env['SERVICE_VERSION']}`)).toBe(true);
  });

  it("has the console call each service and Jaeger's query API through their Services", () => {
    const env = environment(appContainer(one(overlay, 'Deployment', 'console')));
    const settings = deployableCatalog.console.settings.parse(env);
    // host:port as written, and whether a Service of that name serves that port.
    const upstream = (url: string) => {
      const { hostname, port } = new URL(url);
      const ports = one(overlay, 'Service', hostname).spec.ports.map((p: Yaml) => String(p.port));
      return `${hostname}:${port} ${ports.includes(port) ? 'served' : 'not served'}`;
    };
    expect([...Object.values(settings.services), settings.jaegerQueryUrl].map(upstream)).toEqual([
      ...serviceNames.map((name) => `${name}:${serviceCatalog[name].port} served`),
      'jaeger:16686 served',
    ]);
    // Tokens come from the identity provider; the local issuer's key is nowhere in the cluster.
    expect(settings.devTokens).toBe(false);
  });

  it.each(deployableNames)('%s outlives its own shutdown timeout before being killed', (name) => {
    const { spec } = one(overlay, 'Deployment', name).spec.template;
    const preStopMs = (spec.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    const shutdownMs = Number(environment(spec.containers[0])['SHUTDOWN_TIMEOUT_MS']);
    expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + shutdownMs);
  });

  it('writes no credential in plain text into a ConfigMap or an env value', () => {
    const credential = /\/\/[^/\s:@]+:[^@\s]+@|password\s*[:=]/i;
    const pods = all(overlay, 'Deployment').map((d) => d.spec.template.spec);
    const containers = pods.flatMap((pod) => [...pod.containers, ...(pod.initContainers ?? [])]);
    // `$(DB_RUNTIME_PASSWORD)` in a URL is filled in from a Secret by the kubelet: not a literal.
    const literal = (value: string) => value.replace(/\$\([A-Za-z_][A-Za-z0-9_]*\)/g, '');
    // A flag holds no credential, whatever its name says (CONSOLE_DEV_TOKENS).
    const secretByName = (name: string, value: string) =>
      /PASSWORD|SECRET|TOKEN/.test(name) && !['true', 'false'].includes(value);
    const plainEnv = containers
      .flatMap(envOf)
      .filter(
        ({ name, value }) =>
          value !== undefined && (credential.test(literal(value)) || secretByName(name, value)),
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

  it.each(deployableNames)(
    '%s reaches the Kafka bootstrap service and exports spans to the collector',
    (name) => {
      const env = environment(appContainer(one(overlay, 'Deployment', name)));
      // One client listener (how clients authenticate there: k8s-security.e2e-spec.ts).
      const [listener, ...others] = kafka().spec.kafka.listeners;
      expect(others).toEqual([]);
      expect(env['KAFKA_BROKERS']).toBe(`${kafka().metadata.name}-kafka-bootstrap:${listener.port}`);
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

  // Its projection is one consumer group; a second replica would push live timelines only to its
  // own browsers (services/console/src/projection/projection-updates.ts).
  it('runs the console as one replica that no autoscaler scales', () => {
    const scalers = [...all(overlay, 'ScaledObject'), ...all(overlay, 'HorizontalPodAutoscaler')];
    const targets = scalers.map((scaler) => scaler.spec.scaleTargetRef.name);
    expect([one(overlay, 'Deployment', 'console').spec.replicas, targets.includes('console')]).toEqual([
      1,
      false,
    ]);
  });

  it('runs every PostgreSQL cluster highly available in production and single in local', () => {
    const instances = all(overlay, 'Cluster').map((cluster) => cluster.spec.instances);
    expect(instances).toHaveLength(deployableNames.length);
    for (const count of instances) {
      if (overlay === 'production') expect(count).toBeGreaterThanOrEqual(2);
      else expect(count).toBe(1);
    }
  });
});
