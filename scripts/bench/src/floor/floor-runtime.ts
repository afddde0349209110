import path from 'node:path';
import type { AnySagaEvent } from '@saga-shop/contracts';
import { migrate, sagaServiceMigrations } from '@saga-shop/platform/migrations';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { BatchConsumer, type BatchOutcome } from './batch-consumer.js';
import type { FromFloor, ToFloor } from './ipc-messages.js';
import { OutboxRelay } from './outbox-relay.js';

const { Kafka, logLevel } = kafkajs;

export type FloorService = 'order' | 'inventory' | 'payment' | 'fulfilment';

export interface FloorContext {
  /** The consumer's pool (the relay takes one connection of it for its lock). */
  pool: pg.Pool;
  databaseUrl: string;
  /** Rows were committed to this process's outbox. */
  wakeRelay(): void;
  log(message: string): void;
  send(message: FromFloor): void;
}

export interface FloorReactions {
  apply(client: pg.PoolClient, events: AnySagaEvent[]): Promise<BatchOutcome>;
  /** Set-up before consuming (payment's gateway ledger). */
  prepare?(): Promise<void>;
  onCommand?(command: ToFloor): void;
  /** Ends the process's own work (order placement) before the consumer stops. */
  beforeStop?(): Promise<void>;
}

const workspaceRoot = path.resolve(import.meta.dirname, '../../../..');

/** Set by FloorStack; the defaults are the services' (CONSUMER_FETCH_*, CONSUMER_COMMIT_INTERVAL_MS). */
function settings() {
  const env = process.env;
  return {
    databaseUrl: env['DATABASE_URL'] ?? '',
    brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    // The batch transaction, payment's second one, and the relay's own connection.
    poolSize: Number(env['FLOOR_POOL_SIZE'] ?? 3),
    fetch: {
      minBytes: Number(env['FLOOR_FETCH_MIN_BYTES'] ?? 1),
      maxWaitTimeInMs: Number(env['FLOOR_FETCH_MAX_WAIT_MS'] ?? 100),
    },
    commitIntervalMs: Number(env['FLOOR_COMMIT_INTERVAL_MS'] ?? 200),
  };
}

/**
 * One floor process: its service's migrations, a small pool, the relay, and a batch consumer in
 * the service's own consumer group (the floor stands in for the service, so offsets hand over
 * both ways). Says `ready` once alone in its group; exits 3 if another member joins (the services
 * started beside it), 4 if kafkajs gives up on the consumer, and 0 after a clean drain on SIGTERM
 * or when the bench goes away.
 */
export async function runFloorProcess(
  service: FloorService,
  topics: string[],
  build: (context: FloorContext) => FloorReactions,
): Promise<void> {
  const config = settings();
  const log = (message: string) => console.error(`${new Date().toISOString()} floor-${service}: ${message}`);
  // While draining after the bench went away, there is nobody left to tell.
  const send = (message: FromFloor) => void (process.connected && process.send?.(message));
  await migrate(
    config.databaseUrl,
    sagaServiceMigrations(path.join(workspaceRoot, 'services', service, 'prisma/migrations')),
  );
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });
  pool.on('error', (error) => log(`idle connection: ${error.message}`));
  // As the service's own SCRAM principal: the floor stands in for it, group and topics alike.
  const principal = `saga-${service}`;
  const kafka = new Kafka({
    clientId: `saga-floor-${service}`,
    brokers: config.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    logLevel: logLevel.ERROR,
    sasl: { mechanism: 'scram-sha-512', username: principal, password: principal },
  });
  const relay = new OutboxRelay({ pool, kafka, serviceName: service, log });
  const reactions = build({
    pool,
    databaseUrl: config.databaseUrl,
    wakeRelay: () => relay.wake(),
    log,
    send,
  });
  await reactions.prepare?.();
  relay.start();

  const groupId = `saga-shop-${service}`;
  const admin = kafka.admin();
  await admin.connect();
  let ready = false;
  let stopping: Promise<void> | undefined;
  const consumer = new BatchConsumer({
    kafka,
    groupId,
    topics,
    pool,
    apply: (client, events) => reactions.apply(client, events),
    onOutboxCommitted: () => relay.wake(),
    onJoin: () => void checkAlone().catch((error: Error) => log(`describing ${groupId}: ${error.message}`)),
    onCrash: (error) => {
      log(`consumer crashed for good: ${error.stack}`);
      void shutdown(4);
    },
    log,
    fetch: config.fetch,
    commitIntervalMs: config.commitIntervalMs,
  });

  const membersOfGroup = async () => (await admin.describeGroups([groupId])).groups[0]?.members ?? [];
  async function checkAlone(): Promise<void> {
    const members = await membersOfGroup();
    if (members.length > 1) {
      const who = members.map((member) => `${member.clientId} (${member.memberId})`).join(', ');
      log(`${groupId} has other members (${who}): the services run beside the floor; stopping`);
      void shutdown(3);
    } else if (!ready) {
      ready = true;
      send({ type: 'ready' });
    }
  }

  function shutdown(code: number): Promise<void> {
    stopping ??= (async () => {
      await reactions.beforeStop?.();
      await consumer.stop().catch((error: Error) => log(`consumer stop: ${error.message}`));
      await relay.stop();
      await admin.disconnect().catch(() => undefined);
      await pool.end();
      process.exit(code);
    })();
    return stopping;
  }

  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  // The bench went away without stopping us: never outlive it.
  process.once('disconnect', () => void shutdown(0));
  process.on('message', (command: ToFloor) => reactions.onCommand?.(command));
  await consumer.start();
}
