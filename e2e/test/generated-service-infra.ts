// What the service-generator suite adds to the shared local infrastructure, and how it takes it
// away again: other suites (security-kafka) assert the exact principals and ACLs on the broker.
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { consoleKafkaAccess, kafkaAccessOf, sagaServices, topics } from '@saga-shop/contracts';
import { aclGrantsOf, brokerClientKindFrom, createBrokerClient } from '@saga-shop/messaging';
import { adminBrokerOptions, waitFor, workspaceRoot } from '@saga-shop/testing';
import { childEnv, run } from './generated-service-process.js';

export const name = 'loyalty';
export const recordedTopic = `${name}.recorded.v1`;
export const ownTopics = [recordedTopic, `${recordedTopic}.dlq`];
export const principal = `saga-${name}`;
export const groupId = `saga-shop-${name}`;
export const database = `saga_${name}`;

export const dataDir = process.env['SAGA_DATA_DIR'] ?? path.join(workspaceRoot, '.data/local');
export const cacheDir = process.env['SAGA_CACHE_DIR'] ?? path.join(workspaceRoot, '.cache');
const pgHost = process.env['PGHOST'] ?? '127.0.0.1';
const pgPort = process.env['PGPORT'] ?? '5432';
const [kafkaHost = '127.0.0.1', kafkaPort = '9092'] = (
  process.env['KAFKA_BROKERS']?.split(',')[0] ?? '127.0.0.1:9092'
).split(':');

// The next free ports, as a developer would expect them: after every saga service's port and

export const kafka = createBrokerClient(
  adminBrokerOptions('service-generator-e2e'),
  brokerClientKindFrom(process.env['KAFKA_CLIENT']),
);

export async function withDatabase<T>(use: (db: pg.Client) => Promise<T>): Promise<T> {
  // As the owner role, as a developer would look into a new service's database.
  const db = new pg.Client({
    connectionString: `postgresql://${database}:${database}@${pgHost}:${pgPort}/${database}`,
  });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

/** The ACLs the copy's contracts derive for the new principal, as create-topics grants them. */
export const grantsOfNewService = () =>
  aclGrantsOf({
    principal,
    groups: [groupId],
    read: [topics.orderPlacedV1],
    write: [recordedTopic, `${topics.orderPlacedV1}.dlq`],
  });

/**
 * Puts the shared broker and PostgreSQL back as this checkout's infra.sh leaves them. Every step
 * runs even when one fails, and each tolerates what is already gone, so a run interrupted
 * anywhere is cleaned up by the next one.
 */
export async function removeFromSharedInfra(): Promise<void> {
  const failures: unknown[] = [];
  const attempt = (step: () => Promise<unknown>) => step().catch((error: unknown) => failures.push(error));
  await attempt(async () => {
    const admin = await kafka.admin();
    try {
      const present = new Set(await admin.listTopics());
      const created = ownTopics.filter((topic) => present.has(topic));
      if (created.length > 0) await admin.deleteTopics(created);
      await admin.replaceAcls(`User:${principal}`, []);
      // The copy's create-topics also granted the console its read of every topic, loyalty's
      // included: the derived set of this checkout's contracts is what the broker must hold.
      for (const access of [...sagaServices.map(kafkaAccessOf), consoleKafkaAccess()])
        await admin.replaceAcls(`User:${access.principal}`, aclGrantsOf(access));
    } finally {
      await admin.disconnect();
    }
  });
  await attempt(deleteConsumerGroup);
  await attempt(() =>
    run('bash', ['-c', dropPrincipalAndDatabase], {
      cwd: workspaceRoot,
      timeoutMs: 120_000,
      env: childEnv({
        REPO_ROOT: workspaceRoot,
        INFRA_DIR: path.join(workspaceRoot, 'infra/local'),
        SAGA_DATA_DIR: dataDir,
        SAGA_CACHE_DIR: cacheDir,
        PGHOST: pgHost,
        PGPORT: pgPort,
        KAFKA_HOST: kafkaHost,
        KAFKA_PORT: kafkaPort,
      }),
    }),
  );
  if (failures.length > 0) throw new AggregateError(failures, `cleanup of ${name} left something behind`);
}

/** The BrokerAdmin port has no group deletion (no service needs it); kafkajs's admin has. */
async function deleteConsumerGroup(): Promise<void> {
  const options = adminBrokerOptions('service-generator-cleanup');
  const admin = new kafkajs.Kafka({
    ...options,
    sasl: options.sasl as never, // kafkajs types one mechanism per literal
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    // A member killed rather than stopped stays in the group until its session times out.
    await waitFor(
      async () => {
        const { groups } = await admin.listGroups();
        if (!groups.some((group) => group.groupId === groupId)) return true;
        await admin.deleteGroups([groupId]);
        return false;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: `consumer group ${groupId} deleted` },
    );
  } finally {
    await admin.disconnect();
  }
}

// infra/local's own helpers: the superuser as infra.sh reaches it (local socket, or the external
// server's mode it recorded), and the Kafka CLI from the cached jars for the SCRAM user, which
// no Node client here can delete.
const dropPrincipalAndDatabase = `
set -euo pipefail
source "$INFRA_DIR/lib/common.sh"
source "$INFRA_DIR/lib/postgres.sh"
source "$INFRA_DIR/lib/kafka.sh"
if pg_running_ours; then PG_ADMIN_MODE=ours; else PG_ADMIN_MODE="$(cat "$RUN_DIR/postgres.external")"; fi
pg_admin_psql <<'SQL'
DROP DATABASE IF EXISTS ${database} WITH (FORCE);
DROP ROLE IF EXISTS ${database}_app;
DROP ROLE IF EXISTS ${database};
SQL
users="$(kafka_tool org.apache.kafka.tools.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \\
  --command-config "$KAFKA_ADMIN_CONFIG" --describe --entity-type users 2>&1)"
if grep -q "user-principal '${principal}'" <<<"$users"; then
  kafka_tool org.apache.kafka.tools.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \\
    --command-config "$KAFKA_ADMIN_CONFIG" --alter --delete-config SCRAM-SHA-512 \\
    --entity-type users --entity-name ${principal} >/dev/null
fi
`;
