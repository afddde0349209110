import { beforeAll, describe, expect, it } from '@jest/globals';
import { consoleKafkaAccess, kafkaAccessOf, type KafkaPermissions } from '@saga-shop/contracts';
import { deployableCatalog, deployableNames, serviceNames, type DeployableName } from '@saga-shop/config';
import {
  appContainer,
  environment,
  migrateContainer,
  overlays,
  renderOverlay,
  secretsReadBy,
  type Manifest,
  type Overlay,
  type Yaml,
} from './k8s-render.js';
import { labelText, reachesNamespacePods, ruleText, selects } from './k8s-network.js';

// What a cluster enforces once these manifests are applied: Kafka clients authenticate over TLS as
// their own users, the app holds only its runtime database role (the owner migrates, in an init
// container), and NetworkPolicies confine each service's pods and the console's. The rules follow
// the Kubernetes NetworkPolicy semantics: a pod selected by no policy of a type is open for that type.
const rendered = {} as Record<Overlay, Manifest[]>;
const kafkaAccessOfDeployable = (name: DeployableName): KafkaPermissions =>
  name === 'console' ? consoleKafkaAccess() : kafkaAccessOf(name);

beforeAll(async () => {
  for (const overlay of overlays) rendered[overlay] = await renderOverlay(overlay);
}, 600_000);

describe.each(overlays)('security (%s overlay)', (overlay) => {
  const all = (kind: string) => rendered[overlay].filter((item) => item.kind === kind);
  const named = (kind: string, name: string) => all(kind).find((item) => item.metadata.name === name);
  const deployment = (service: DeployableName) => named('Deployment', service) as Manifest;
  const kafka = () => all('Kafka')[0] as Manifest;
  const clusterOf = (service: DeployableName) =>
    all('Cluster').find((c) => c.spec.bootstrap.initdb.database === deployableCatalog[service].database);
  const podLabels = (service: DeployableName) => deployment(service).spec.template.metadata.labels;

  describe('kafka', () => {
    it('accepts clients only over TLS with SCRAM-SHA-512, and authorizes every request by ACL', () => {
      const { listeners, authorization } = kafka().spec.kafka;
      const open = listeners.filter(
        (l: Yaml) => l.tls !== true || l.authentication?.type !== 'scram-sha-512',
      );
      expect([listeners.length, open]).toEqual([1, []]);
      expect(authorization).toEqual({ type: 'simple', superUsers: ['saga-admin'] });
      expect(kafka().spec.entityOperator.userOperator).toBeDefined();
      // The super user exists as a SCRAM user, and no workload can read its password.
      expect(named('KafkaUser', 'saga-admin')?.spec.authentication.type).toBe('scram-sha-512');
      const pods = all('Deployment').map((d) => d.spec.template.spec);
      const readers = pods.flatMap((pod) =>
        [...pod.containers, ...(pod.initContainers ?? [])].flatMap((c) => secretsReadBy(pod, c)),
      );
      expect(readers).not.toContain('saga-admin');
    });

    it.each(deployableNames)('%s connects over TLS, verifying the cluster CA, as its own user', (service) => {
      const container = appContainer(deployment(service));
      const env = environment(container);
      const { principal } = kafkaAccessOfDeployable(service);
      const [listener] = kafka().spec.kafka.listeners;
      expect(env).toMatchObject({
        KAFKA_BROKERS: `${kafka().metadata.name}-kafka-bootstrap:${listener.port}`,
        KAFKA_TLS: 'true',
        KAFKA_SASL_MECHANISM: listener.authentication.type,
        KAFKA_SASL_USERNAME: principal,
        // The Secret the User Operator writes for the KafkaUser of that name.
        KAFKA_SASL_PASSWORD: `secret.${principal}.password`,
      });
      expect(named('KafkaUser', principal)).toBeDefined();
      // The CA file is the cluster CA's certificate, mounted read-only.
      const pod = deployment(service).spec.template.spec;
      const mount = container.volumeMounts.find((m: Yaml) =>
        env['KAFKA_TLS_CA_FILE']?.startsWith(`${m.mountPath}/`),
      );
      const volume = pod.volumes.find((v: Yaml) => v.name === mount?.name);
      expect(mount?.readOnly).toBe(true);
      expect(volume?.secret.secretName).toBe(`${kafka().metadata.name}-cluster-ca-cert`);
      const file = env['KAFKA_TLS_CA_FILE']?.slice(mount.mountPath.length + 1);
      expect(volume?.secret.items).toEqual([{ key: 'ca.crt', path: file }]);
    });

    it.each(serviceNames)('%s is autoscaled on lag read as its own user over TLS (KEDA)', (service) => {
      const scaled = all('ScaledObject').filter((s) => s.spec.scaleTargetRef.name === service);
      expect(scaled).toHaveLength(overlay === 'local' ? 0 : 1);
      if (overlay === 'local') return;
      const trigger = scaled[0]?.spec.triggers.find((t: Yaml) => t.type === 'kafka');
      expect(trigger.metadata).toMatchObject({ tls: 'enable', sasl: 'scram_sha512' });
      const auth = named('TriggerAuthentication', trigger.authenticationRef.name)?.spec;
      expect(auth.env).toEqual([
        { parameter: 'username', name: 'KAFKA_SASL_USERNAME', containerName: 'app' },
      ]);
      expect(auth.secretTargetRef).toEqual([
        { parameter: 'password', name: kafkaAccessOf(service).principal, key: 'password' },
        { parameter: 'ca', name: `${kafka().metadata.name}-cluster-ca-cert`, key: 'ca.crt' },
      ]);
    });
  });

  describe('databases', () => {
    it.each(deployableNames)(
      '%s runs as its runtime role; only the migrate step holds the owner',
      (service) => {
        const cluster = clusterOf(service) as Manifest;
        const { database } = deployableCatalog[service];
        const runtimeRole = `${database}_app`;
        const runtimeSecret = `${service}-db-runtime`;
        expect(cluster.spec.bootstrap.initdb).toEqual({ database, owner: database });
        expect(cluster.spec.managed.roles).toEqual([
          expect.objectContaining({
            name: runtimeRole,
            ensure: 'present',
            login: true,
            inherit: true,
            superuser: false,
            createdb: false,
            createrole: false,
            replication: false,
            passwordSecret: { name: runtimeSecret },
          }),
        ]);
        const pod = deployment(service).spec.template.spec;
        const [app, migrate] = [appContainer(deployment(service)), migrateContainer(deployment(service))];
        const ownerSecret = `${cluster.metadata.name}-app`;
        // The kubelet expands DATABASE_URL from the runtime Secret; the owner's never reaches the app.
        const runtimeUrl =
          `postgresql://secret.${runtimeSecret}.username:secret.${runtimeSecret}.password` +
          `@${cluster.metadata.name}-rw:5432/${database}`;
        expect(environment(app)).toMatchObject({ DATABASE_URL: runtimeUrl, MIGRATE_ON_START: 'false' });
        expect(secretsReadBy(pod, app)).not.toContain(ownerSecret);
        expect(secretsReadBy(pod, app)).toContain(runtimeSecret);
        // The migrate init container: same image and limits, the owner's URL, and the role to grant to.
        const { image, command, securityContext, resources } = migrate ?? {};
        expect({ image, command, securityContext, resources }).toEqual({
          image: app.image,
          command: ['node', 'dist/main.js', 'migrate'],
          securityContext: app.securityContext,
          resources: app.resources,
        });
        expect(environment(migrate)).toMatchObject({
          DATABASE_MIGRATION_URL: `secret.${ownerSecret}.uri`,
          DATABASE_URL: runtimeUrl,
        });
        expect(pod.initContainers.map((c: Yaml) => c.name)).toEqual(['migrate']);
      },
    );

    it("carries each runtime role's password only where it should: local generates it, production not", () => {
      // Production: no Secret at all, so no password, literal or generated, is in what it applies.
      if (overlay === 'production') {
        expect(all('Secret')).toEqual([]);
        return;
      }
      const secrets = all('Secret').filter((s) => s.metadata.name.endsWith('-db-runtime'));
      const decoded = (s: Manifest & Yaml) => Buffer.from(s.data.username, 'base64').toString();
      expect(secrets.map((s: Yaml) => [s.metadata.name, s.type, decoded(s)]).sort()).toEqual(
        [...deployableNames]
          .sort()
          .map((service) => [
            `${service}-db-runtime`,
            'kubernetes.io/basic-auth',
            `${deployableCatalog[service].database}_app`,
          ]),
      );
    });
  });

  describe('network policies', () => {
    const policiesFor = (labels: Record<string, string>, type: 'Ingress' | 'Egress') =>
      all('NetworkPolicy').filter(
        (p) => p.spec.policyTypes.includes(type) && selects(p.spec.podSelector, labels),
      );
    /** Every (peer, port) a service's pods may send to or receive from, as readable text. */
    const allowed = (service: DeployableName, type: 'Ingress' | 'Egress') =>
      policiesFor(podLabels(service), type).flatMap((p) =>
        (p.spec[type === 'Ingress' ? 'ingress' : 'egress'] ?? []).flatMap((rule: Yaml) =>
          ruleText(rule[type === 'Ingress' ? 'from' : 'to'], rule.ports),
        ),
      );

    it.each(deployableNames)(
      '%s pods are selected by a default-deny policy for both directions',
      (service) => {
        const denying = all('NetworkPolicy').filter(
          (p) =>
            selects(p.spec.podSelector, podLabels(service)) &&
            ['Ingress', 'Egress'].every((type) => p.spec.policyTypes.includes(type)) &&
            !p.spec.ingress &&
            !p.spec.egress,
        );
        expect(denying).toHaveLength(1);
      },
    );

    const ingressController =
      'ns{kubernetes.io/metadata.name=ingress-nginx} pods{app.kubernetes.io/name=ingress-nginx} http/TCP';

    it.each(serviceNames)(
      '%s accepts only the ingress controller, Prometheus and the console, on its http port',
      (service) => {
        expect(allowed(service, 'Ingress').sort()).toEqual([
          ingressController,
          'ns{kubernetes.io/metadata.name=monitoring} pods{app.kubernetes.io/name=prometheus} http/TCP',
          'pods{app.kubernetes.io/name=console} http/TCP',
        ]);
        expect(appContainer(deployment(service)).ports.map((p: Yaml) => p.name)).toEqual(['http']);
      },
    );

    it('the console accepts only the ingress controller, on its http port', () => {
      expect(allowed('console', 'Ingress')).toEqual([ingressController]);
      expect(appContainer(deployment('console')).ports.map((p: Yaml) => p.name)).toEqual(['http']);
    });

    /** The pods behind a Service's URL and the container port it forwards to, as a peer's text. */
    function podsBehind(url: string): string {
      const { hostname, port } = new URL(url);
      const { selector, ports } = named('Service', hostname)?.spec ?? {};
      const target = ports?.find((p: Yaml) => String(p.port) === port)?.targetPort;
      const pods = all('Deployment').find((d) =>
        selects({ matchLabels: selector }, d.spec.template.metadata.labels),
      );
      const containerPort = ((pods?.spec.template.spec.containers ?? []) as Yaml[])
        .flatMap((c) => c.ports ?? [])
        .find((p: Yaml) => p.name === target || p.containerPort === target)?.containerPort;
      return `pods{${labelText(selector)}} ${containerPort}/TCP`;
    }

    /** The pods a deployable calls by URL: the console calls the services and Jaeger; they call none. */
    function upstreamsOf(service: DeployableName): string[] {
      if (service !== 'console') return [];
      const env = environment(appContainer(deployment(service)));
      const settings = deployableCatalog.console.settings.parse(env);
      return [...Object.values(settings.services), settings.jaegerQueryUrl].map(podsBehind);
    }

    it.each(deployableNames)(
      '%s may send only to its own database, Kafka, the collector, DNS, the identity provider and what it calls',
      (service) => {
        const idp = all('NetworkPolicy').find(
          (p) => p.metadata.name === 'saga-services-to-identity-provider',
        );
        const idpRules = (idp?.spec.egress ?? []) as Yaml[];
        const collector = new URL(
          environment(appContainer(deployment(service)))['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '',
        );
        const collectorPods = named('Service', collector.hostname)?.spec.selector as Record<string, string>;
        const expected = [
          `pods{cnpg.io/cluster=${clusterOf(service)?.metadata.name}} 5432/TCP`,
          `pods{strimzi.io/cluster=${kafka().metadata.name},strimzi.io/kind=Kafka} ${kafka().spec.kafka.listeners[0].port}/TCP`,
          ...['4317/TCP', '4318/TCP'].map((port) => `pods{${labelText(collectorPods)}} ${port}`),
          ...['53/TCP', '53/UDP'].map(
            (p) => `ns{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} ${p}`,
          ),
          ...idpRules.flatMap((rule) => ruleText(rule.to, rule.ports)),
          ...upstreamsOf(service),
        ];
        expect(allowed(service, 'Egress').sort()).toEqual(expected.sort());
        expect(collector.port).toBe('4318');
        // The identity provider's peer is HTTPS only and reaches no pod of this namespace.
        expect(idpRules.flatMap((rule) => rule.ports.map((p: Yaml) => p.port))).toEqual([
          overlay === 'local' ? 8443 : 443,
        ]);
        for (const peer of idpRules.flatMap((rule) => rule.to))
          expect(reachesNamespacePods(peer)).toBe(false);
      },
    );

    it.each(deployableNames)("no policy lets %s reach another service's database", (service) => {
      const others = deployableNames
        .filter((other) => other !== service)
        .map((other) => clusterOf(other)?.metadata.name ?? `${other}: no cluster`);
      const egressPeers = policiesFor(podLabels(service), 'Egress').flatMap((p) =>
        (p.spec.egress ?? []).flatMap((rule: Yaml) => rule.to ?? [{}]),
      );
      // The labels CloudNativePG puts on a primary and on a replica instance.
      const instances = (cluster: string) =>
        ['primary', 'replica'].map((role) => ({
          'cnpg.io/cluster': cluster,
          'cnpg.io/podRole': 'instance',
          'cnpg.io/instanceRole': role,
          role,
        }));
      const reaching = others.filter((cluster) =>
        instances(cluster).some((labels) =>
          egressPeers.some((peer: Yaml) => reachesNamespacePods(peer, labels)),
        ),
      );
      expect(reaching).toEqual([]);
    });
  });
});
