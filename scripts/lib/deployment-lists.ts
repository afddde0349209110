// The per-service parts of docker-compose.yml, infra/k8s, the Prometheus config and the README's
// memory table, derived from the manifests (and, for compose, each service's settings and their
// defaults from libs/config). Each sits between `# generated: <id>` and `# end generated: <id>`
// lines in its file; what is not the same for every service stays written by hand around them.
import type { ServiceManifest } from './service-manifests.js';

/** A saga service's own settings and their defaults (as compose's `${VAR:-default}`). */
export type SettingDefaults = Record<string, string>;

const sagaServicesOf = (manifests: ServiceManifest[]) =>
  manifests.filter((manifest) => manifest.kind === 'saga-service');

// libs/config's serviceUrlVariable, not imported: the catalog is loaded only once deployables.ts
// is written (generate-service-lists.ts).
const urlVariableOf = (name: string) => `${name.toUpperCase()}_URL`;

function composeBlocks(manifest: ServiceManifest, settings: SettingDefaults): string {
  const { name, port, database } = manifest;
  const app = `${database}_app`;
  const build = `    build: { context: ., dockerfile: Dockerfile, args: { SERVICE: ${name} } }`;
  return [
    `  ${name}-migrate:`,
    `    <<: *migrate`,
    build,
    `    environment:`,
    `      DATABASE_MIGRATION_URL: postgresql://${database}:${database}@postgres:5432/${database}`,
    `      DATABASE_URL: postgresql://${app}:${app}@postgres:5432/${database}`,
    `      DATABASE_SCHEMA: \${DATABASE_SCHEMA:-public}`,
    ``,
    `  ${name}:`,
    `    <<: *service`,
    build,
    `    depends_on:`,
    `      <<: *service-dependencies`,
    `      ${name}-migrate: { condition: service_completed_successfully }`,
    `    ports: ['127.0.0.1:${port}:${port}']`,
    `    environment:`,
    `      <<: *service-environment`,
    `      SERVICE_NAME: ${name}`,
    `      PORT: ${port}`,
    `      DATABASE_URL: postgresql://${app}:${app}@postgres:5432/${database}`,
    `      KAFKA_CLIENT_ID: saga-shop-${name}`,
    `      KAFKA_SASL_USERNAME: saga-${name}`,
    `      KAFKA_SASL_PASSWORD: saga-${name}`,
    `      OTEL_SERVICE_NAME: ${name}`,
    ...Object.entries(settings).map(([variable, value]) => `      ${variable}: \${${variable}:-${value}}`),
  ].join('\n');
}

function cluster({ name, database }: ServiceManifest): string {
  return `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: ${name}-db
spec:
  bootstrap:
    initdb:
      database: ${database}
      owner: ${database}
  managed:
    roles:
      - name: ${database}_app
        ensure: present
        login: true
        inherit: true
        superuser: false
        createdb: false
        createrole: false
        replication: false
        bypassrls: false
        passwordSecret:
          name: ${name}-db-runtime`;
}

function ownDatabasePolicy({ name }: ServiceManifest): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-to-own-database
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              cnpg.io/cluster: ${name}-db
      ports:
        - { port: 5432, protocol: TCP }`;
}

function consoleEgress({ name, port }: ServiceManifest): string {
  return `    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${name}
      ports:
        - { port: ${port}, protocol: TCP }`;
}

function scaledObject({ name }: ServiceManifest): string {
  return `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    name: ${name}
  minReplicaCount: 3
  maxReplicaCount: 6
  pollingInterval: 15
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        # Every scale step rebalances the consumer group; scale in slowly to avoid churn.
        scaleDown:
          stabilizationWindowSeconds: 300
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: saga-kafka-bootstrap:9093
        consumerGroup: saga-shop-${name}
        lagThreshold: '100'
        offsetResetPolicy: earliest
        tls: enable
        sasl: scram_sha512
      authenticationRef:
        name: ${name}-kafka
    - type: cpu
      metricType: Utilization
      metadata:
        value: '70'`;
}

function triggerAuthentication({ name }: ServiceManifest): string {
  return `apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: ${name}-kafka
spec:
  env:
    - parameter: username
      name: KAFKA_SASL_USERNAME
      containerName: app
  secretTargetRef:
    - parameter: password
      name: saga-${name}
      key: password
    - parameter: ca
      name: saga-cluster-ca-cert
      key: ca.crt`;
}

function runtimeRoleSecret({ name, database }: ServiceManifest): string {
  return `  - name: ${name}-db-runtime
    namespace: saga-shop
    type: kubernetes.io/basic-auth
    literals: [username=${database}_app, password=saga-${name}-app-dev]`;
}

const documents = (parts: string[]) => parts.join('\n---\n');

/** Every generated block, by file and id. */
export function deploymentBlocks(
  manifests: ServiceManifest[],
  settingsOf: (name: string) => SettingDefaults,
): Record<string, Record<string, string>> {
  const saga = sagaServicesOf(manifests);
  return {
    'docker-compose.yml': {
      'saga services': saga
        .map((manifest) => composeBlocks(manifest, settingsOf(manifest.name)))
        .join('\n\n'),
      'service urls': saga
        .map(({ name, port }) => `      ${urlVariableOf(name)}: http://${name}:${port}`)
        .join('\n'),
    },
    'infra/monitoring/prometheus/prometheus.yml': {
      'saga services': `      - targets: [${saga.map(({ name, port }) => `${name}:${port}`).join(', ')}]`,
    },
    'infra/k8s/base/kustomization.yaml': {
      'saga services': saga.map(({ name }) => `  - services/${name}.yaml`).join('\n'),
    },
    'infra/k8s/base/services/console.yaml': {
      'service urls': saga
        .map(
          ({ name, port }) =>
            `            - name: ${urlVariableOf(name)}\n              value: http://${name}:${port}`,
        )
        .join('\n'),
    },
    'infra/k8s/base/postgres/clusters.yaml': { 'saga service clusters': documents(saga.map(cluster)) },
    'infra/k8s/base/network-policies.yaml': {
      'own databases': documents(saga.map(ownDatabasePolicy)),
      'console to services': saga.map(consoleEgress).join('\n'),
    },
    'infra/k8s/components/keda/scaled-objects.yaml': { 'saga services': documents(saga.map(scaledObject)) },
    'infra/k8s/components/keda/trigger-authentications.yaml': {
      'saga services': documents(saga.map(triggerAuthentication)),
    },
    'infra/k8s/overlays/local/kustomization.yaml': {
      'runtime roles': manifests.map(runtimeRoleSecret).join('\n'),
    },
  };
}

/** Replaces what stands between the `generated: <id>` and `end generated: <id>` lines. */
export function replaceGeneratedBlock(file: string, text: string, id: string, content: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const block = new RegExp(
    `^([ \\t]*# generated: ${escaped}\\b.*\\n)[\\s\\S]*?(^[ \\t]*# end generated: ${escaped}$)`,
    'm',
  );
  if (!block.test(text))
    throw new Error(`${file}: no "# generated: ${id}" ... "# end generated: ${id}" lines`);
  return text.replace(block, (_match, start: string, end: string) => `${start}${content}\n${end}`);
}

const mib = (value: number) => `${value.toLocaleString('en-US')} MiB`;

/**
 * The README's memory table: each deployable's migrate one-shot and service rows (compose's
 * x-migrate and x-service limits), after the infrastructure's rows, and the totals recomputed.
 */
export function memoryTable(
  section: string,
  manifests: ServiceManifest[],
  limits: { migrate: number; service: number },
): string {
  const isRow = (line: string) => /^\| `[a-z-]+`/.test(line);
  const lines = section.split('\n');
  const deployable = new Set(manifests.flatMap(({ name }) => [name, `${name}-migrate`]));
  const nameOf = (line: string) => /^\| `([a-z-]+)`/.exec(line)?.[1] ?? '';
  const first = lines.findIndex(isRow);
  if (first < 0) throw new Error('README.md: no memory table in the Docker section');
  let last = first;
  while (lines[last + 1] !== undefined && lines[last + 1]!.startsWith('|')) last += 1;
  const rows = lines.slice(first, last + 1).filter((line) => !deployable.has(nameOf(line)));
  const optional = rows.filter((line) => line.includes('profile `'));
  const generated = manifests.flatMap(({ name }) => [
    `| \`${name}-migrate\` | one-shot, from the ${name} image | ${mib(limits.migrate)} |`,
    `| \`${name}\` | built from \`Dockerfile\` | ${mib(limits.service)} |`,
  ]);
  const table = [...rows.filter((line) => !optional.includes(line)), ...generated, ...optional];
  const limitOf = (line: string) => Number(/\| ([\d,]+) MiB\s*\|$/.exec(line)?.[1]?.replace(/,/g, '') ?? 0);
  const base = table
    .filter((line) => !line.includes('profile `'))
    .reduce((sum, line) => sum + limitOf(line), 0);
  const profiles = [...new Set(optional.map((line) => /profile `([a-z-]+)`/.exec(line)?.[1] ?? ''))];
  const withProfile = profiles.map(
    (profile) =>
      `**${mib(base + optional.filter((line) => line.includes(`profile \`${profile}\``)).reduce((sum, line) => sum + limitOf(line), 0))}** with \`--profile ${profile}\``,
  );
  const total = `Total: **${mib(base)}** by default, ${withProfile.join(', ')}.`;
  const out = [...lines.slice(0, first), ...table, ...lines.slice(last + 1)].join('\n');
  return out.replace(/^Total: \*\*[\d,]+ MiB\*\* by default, .*?\.(?= |$)/m, total);
}
