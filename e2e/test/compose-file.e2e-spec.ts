import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  deployables as manifests,
  serviceCatalog,
  serviceConfigSchema,
  serviceNames,
  serviceVariables,
} from '@saga-shop/config';
import { consolePrincipal, kafkaPrincipalOf } from '@saga-shop/contracts';
import { telemetryVariables } from '@saga-shop/telemetry';
import {
  composeEnvironment,
  dependsOnConditions,
  loadComposeFile,
  memoryLimitMiB,
  publishedPorts,
  workspaceRoot,
  type ComposeService,
} from '@saga-shop/testing';

// docker-compose.yml read the way `docker compose` reads it (.env.example's values resolved),
// checked against the service catalog and DESIGN.md: no Docker engine needed, so this runs in CI.
const compose = loadComposeFile();
const services = compose.services;
const read = (file: string) => readFileSync(path.join(workspaceRoot, file), 'utf8');

/** Run once to completion: something waits for it with service_completed_successfully. */
const oneShot = new Set(
  Object.values(services).flatMap((service) =>
    Object.entries(dependsOnConditions(service))
      .filter(([, condition]) => condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);
const everyService = Object.entries(services);
const environmentOf = (name: string) => composeEnvironment(services[name] ?? {});
const mebibytes = (text: string | undefined) => Number(text?.replaceAll(',', ''));
const defaultStack = everyService.filter(([, service]) => !service.profiles?.length);
// The console (services/console) is deployed beside the four: built from the same Dockerfile, on
// its manifest's port, with its own database and SCRAM user, but no saga settings of the catalog's.
const console = manifests.console;
const deployables = Object.keys(manifests);

describe('docker-compose.yml', () => {
  it('pins every image to an exact version, never latest, and builds each catalog service', () => {
    for (const name of serviceNames) {
      expect(services[name]?.build).toEqual({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: name },
      });
    }
    for (const [name, service] of everyService) {
      // PostgreSQL has two-part versions (15.20 is one exact release); everything else has three.
      const exact = name === 'postgres' ? /^postgres:\d+\.\d+-[a-z]+$/ : /^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/;
      const built = new RegExp(`^(${deployables.join('|')})$`);
      if (service.image === undefined)
        expect({ name, SERVICE: service.build?.args?.['SERVICE'] }).toEqual({
          name,
          SERVICE: expect.stringMatching(built),
        });
      else expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(exact) });
    }
  });

  it('pins Kafka and Jaeger to the versions the native infrastructure runs', () => {
    const kafka = /KAFKA_VERSION="\$\{KAFKA_VERSION:-([\d.]+)\}"/.exec(read('infra/local/lib/kafka.sh'))?.[1];
    const jaeger = /JAEGER_VERSION="v([\d.]+)"/.exec(read('infra/local/lib/jaeger.sh'))?.[1];
    expect(services['kafka']?.image).toBe(`apache/kafka:${kafka}`);
    expect(services['jaeger']?.image).toBe(`jaegertracing/jaeger:${jaeger}`);
  });

  it('gives every long-running container a health check, and one-shots no restart', () => {
    for (const [name, service] of everyService) {
      if (oneShot.has(name))
        expect({ name, restart: service.restart ?? 'no' }).toEqual({ name, restart: 'no' });
      else
        expect({ name, test: service.healthcheck?.disable ? [] : service.healthcheck?.test }).toEqual({
          name,
          test: expect.arrayContaining([expect.any(String)]),
        });
    }
  });

  it('starts nothing before what it needs is healthy or has completed', () => {
    for (const [name, service] of everyService) {
      for (const [target, condition] of Object.entries(dependsOnConditions(service))) {
        const wanted = oneShot.has(target) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, target, condition }).toEqual({ name, target, condition: wanted });
        expect(services[target]).toBeDefined();
      }
    }
    const topics = everyService.find(([, service]) =>
      service.command?.includes('/app/scripts/create-topics.ts'),
    );
    expect(topics).toBeDefined();
    expect(dependsOnConditions(topics?.[1] ?? {})).toEqual({ kafka: 'service_healthy' });
    for (const name of serviceNames) {
      expect(dependsOnConditions(services[name] ?? {})).toMatchObject({
        postgres: 'service_healthy',
        kafka: 'service_healthy',
        [topics?.[0] ?? 'create-topics']: 'service_completed_successfully',
      });
    }
  });

  it('publishes exactly the DESIGN.md ports, on 127.0.0.1, each to the port the service listens on', () => {
    const design: Record<string, number[]> = {
      ...Object.fromEntries(serviceNames.map((name) => [name, [serviceCatalog[name].port]])),
      [console.name]: [console.port],
      kafka: [9092],
      postgres: [5432],
      jaeger: [16686, 4317, 4318],
    };
    const published = Object.fromEntries(
      defaultStack.map(([name, service]) => [name, publishedPorts(service).map((port) => port.host)]),
    );
    expect(Object.fromEntries(Object.entries(published).filter(([, ports]) => ports.length > 0))).toEqual(
      design,
    );
    for (const [, service] of everyService) {
      for (const port of publishedPorts(service)) expect(port.ip).toBe('127.0.0.1');
    }
    for (const name of deployables) {
      const [port] = publishedPorts(services[name] ?? {});
      expect(port?.container).toBe(Number(environmentOf(name)['PORT']));
    }
  });

  // Read by the service but deliberately not given to its container: the owner's URL belongs to
  // the migrate one-shot only; compose's broker has no TLS (README "Security"); compose runs the
  // default broker adapter (KAFKA_CLIENT=kafkajs).
  const notInCompose = ['DATABASE_MIGRATION_URL', 'KAFKA_TLS_CA_FILE', 'KAFKA_CLIENT'];

  it.each(serviceNames)('sets exactly the variables %s reads, none missing and none unknown', (name) => {
    const expected = [...new Set([...serviceVariables(name), ...telemetryVariables])]
      .filter((variable) => !notInCompose.includes(variable))
      .sort();
    expect(Object.keys(environmentOf(name)).sort()).toEqual(expected);
  });

  it.each(serviceNames)(
    '%s runs as its runtime role, after a migrate one-shot that alone holds the owner role',
    (name) => {
      const database = serviceCatalog[name].database;
      const job = services[`${name}-migrate`] ?? {};
      expect(job.command).toEqual(['node', 'dist/main.js', 'migrate']);
      expect(dependsOnConditions(services[name] ?? {})[`${name}-migrate`]).toBe(
        'service_completed_successfully',
      );
      const owner = new URL(environmentOf(`${name}-migrate`)['DATABASE_MIGRATION_URL'] ?? '');
      const runtime = new URL(environmentOf(`${name}-migrate`)['DATABASE_URL'] ?? '');
      expect([owner.username, runtime.username]).toEqual([database, `${database}_app`]);
      expect(environmentOf(name)['DATABASE_URL']).toBe(runtime.href);
      expect(environmentOf(name)['MIGRATE_ON_START']).toBe('false');
      expect(JSON.stringify(environmentOf(name))).not.toContain(`${database}:${database}@`);
    },
  );

  it.each(serviceNames)('gives %s valid values: its name, database, broker, the outbox', (name) => {
    const environment = environmentOf(name);
    const entry = serviceCatalog[name];
    const config = serviceConfigSchema(entry).parse(environment);
    entry.settings?.parse(environment);
    expect(config).toMatchObject({ serviceName: name, eventDelivery: 'outbox', http: { port: entry.port } });
    expect(environment['OTEL_SERVICE_NAME']).toBe(name);
    expect(environment['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://jaeger:4318');
    expect(config.kafka.brokers).toEqual(['kafka:9092']);
    const url = new URL(config.database.url);
    expect({ host: url.hostname, role: url.username, database: url.pathname }).toEqual({
      host: 'postgres',
      role: `${entry.database}_app`,
      database: `/${entry.database}`,
    });
    expect(config.auth.jwksUrl).toBe('file:///var/lib/saga-auth/jwks.json');
    expect(services[name]?.volumes).toContain('auth-keys:/var/lib/saga-auth:ro');
    expect(compose.references.map((reference) => reference.name)).not.toContain('EVENT_DELIVERY');
  });

  it('takes every setting from a variable with a default equal to .env.example, and nothing stale there', () => {
    for (const { name, fallback } of compose.references) {
      expect({ name, fallback }).toEqual({ name, fallback: compose.envExample[name] });
    }
    const referenced = new Set(compose.references.map((reference) => reference.name));
    expect(Object.keys(compose.envExample).filter((name) => !referenced.has(name))).toEqual([]);
  });

  it('limits the memory of every container, and the README states their sum', () => {
    const limits = Object.fromEntries(everyService.map(([name, service]) => [name, memoryLimitMiB(service)]));
    for (const [name, limit] of Object.entries(limits))
      expect({ name, limit }).toEqual({ name, limit: expect.any(Number) });
    const section = /\n## Docker\n[\s\S]*?(?=\n## )/.exec(read('README.md'))?.[0] ?? '';
    const rows = [...section.matchAll(/^\| `([a-z-]+)`[^\n]*\| ([\d,]+) MiB\s*\|$/gm)];
    expect(Object.fromEntries(rows.map(([, name, mib]) => [name, mebibytes(mib)]))).toEqual(limits);
    const sum = (entries: [string, ComposeService][]) =>
      entries.reduce((total, [name]) => total + (limits[name] ?? 0), 0);
    const total = /Total: \*\*([\d,]+) MiB\*\* by default/.exec(section)?.[1];
    expect(mebibytes(total)).toBe(sum(defaultStack));
    // One figure per profile: the default stack plus that profile's containers.
    const profiles = [...new Set(everyService.flatMap(([, service]) => service.profiles ?? []))].sort();
    const perProfile = Object.fromEntries(
      [...section.matchAll(/\*\*([\d,]+) MiB\*\* with `--profile ([a-z-]+)`/g)].map(([, mib, profile]) => [
        profile,
        mebibytes(mib),
      ]),
    );
    expect(perProfile).toEqual(
      Object.fromEntries(
        profiles.map((profile) => [
          profile,
          sum([
            ...defaultStack,
            ...everyService.filter(([, service]) => service.profiles?.includes(profile)),
          ]),
        ]),
      ),
    );
  });

  it('runs Kafka with SASL on every listener, ACLs enforced, and one SCRAM user per service', () => {
    const kafka = environmentOf('kafka');
    const protocols = kafka['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']
      ?.split(',')
      .map((entry) => entry.split(':')[1]);
    expect(new Set(protocols)).toEqual(new Set(['SASL_PLAINTEXT']));
    expect(kafka['KAFKA_AUTHORIZER_CLASS_NAME']).toBe(
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    );
    expect(kafka['KAFKA_SUPER_USERS']).toBe('User:saga-admin');
    expect(kafka['KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND']).toBe('false');
    const script = read('infra/docker/kafka/create-scram-users.sh');
    const users = /for user in ([^;]+);/.exec(script)?.[1]?.split(/\s+/).filter(Boolean);
    expect(users?.sort()).toEqual([...serviceNames.map(kafkaPrincipalOf), consolePrincipal].sort());
    for (const name of serviceNames) {
      const config = serviceConfigSchema(serviceCatalog[name]).parse(environmentOf(name));
      const principal = kafkaPrincipalOf(name);
      expect(config.kafkaSecurity.sasl).toEqual({
        mechanism: 'scram-sha-512',
        username: principal,
        password: principal,
      });
      expect(dependsOnConditions(services[name] ?? {})['kafka-users']).toBe('service_completed_successfully');
    }
  });

  it('runs Kafka with auto topic creation off and a heap that fits its container beside the probe', () => {
    const kafka = services['kafka'] ?? {};
    const heap = /-Xmx(\d+)m/.exec(String(kafka.environment?.['KAFKA_HEAP_OPTS']))?.[1];
    expect(Number(heap) + 64).toBeLessThanOrEqual((memoryLimitMiB(kafka) ?? 0) * 0.6);
    expect(String(kafka.healthcheck?.test)).toContain('KAFKA_HEAP_OPTS=-Xmx64m');
    expect(kafka.environment?.['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
  });

  it('creates exactly the catalog databases, each owned by its role with password = name, closed to others, plus a runtime role', () => {
    const mount = services['postgres']?.volumes?.find((volume) =>
      volume.includes('/docker-entrypoint-initdb.d/'),
    );
    const [script] = mount?.split(':') ?? [];
    const sql = read(script ?? 'missing');
    const listed = /VALUES ([^;]+);/.exec(sql)?.[1]?.match(/'(\w+)'/g) ?? [];
    const databases = [...serviceNames.map((name) => serviceCatalog[name].database), console.database].map(
      (database) => `'${database}'`,
    );
    expect(listed.sort()).toEqual(databases.sort());
    // Each listed name becomes a role with that password, and a database that role owns and only it reaches.
    for (const statement of [
      /CREATE ROLE %I LOGIN [A-Z ]*PASSWORD %L', name, name\)\s+FROM service_database[^\n]*\\gexec/,
      /CREATE DATABASE %I OWNER %I', name, name\) FROM service_database[^\n]*\\gexec/,
      /REVOKE ALL ON DATABASE %I FROM PUBLIC', name\) FROM service_database[^\n]*\\gexec/,
      /GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', name, name\)\s+FROM service_database[^\n]*\\gexec/,
      /CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',\s+name \|\| '_app', name \|\| '_app'\)\s+FROM service_database[^\n]*\\gexec/,
      /GRANT CONNECT ON DATABASE %I TO %I', name, name \|\| '_app'\)\s+FROM service_database[^\n]*\\gexec/,
    ])
      expect(sql).toMatch(statement);
    for (const name of deployables) {
      const url = new URL(environmentOf(name)['DATABASE_URL'] ?? '');
      expect(url.password).toBe(url.username);
    }
  });
});
