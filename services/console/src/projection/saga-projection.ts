import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { consoleProjectionGroup } from '@saga-shop/contracts';
import {
  ConsumerHealth,
  type BrokerClient,
  type BrokerConsumer,
  type IncomingBatch,
} from '@saga-shop/messaging';
import { BROKER_CLIENT, DatabasePool } from '@saga-shop/platform';
import { recordMessages, type ProjectedMessage } from '../persistence/projection-sql.js';
import { projectedMessageOf } from './projected-message.js';
import { projectionTopics } from './projection-topics.js';
import { ProjectionUpdates } from './projection-updates.js';

const restartAfterMs = 5_000;
const retryAfterMs = 1_000;

/**
 * The console's read model, kept by its own consumer group over every saga topic and dead-letter
 * topic, from the beginning of the log. Each partition's batch is recorded in one transaction and
 * only then resolved, so a crash replays it, and replaying is harmless (messages are keyed by id).
 */
@Injectable()
export class SagaProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SagaProjection.name);
  private consumer: BrokerConsumer | undefined;
  private stopped = false;

  constructor(
    @Inject(BROKER_CLIENT) private readonly client: BrokerClient,
    private readonly database: DatabasePool,
    private readonly health: ConsumerHealth,
    private readonly updates: ProjectionUpdates,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    try {
      this.consumer = await this.client.consumer({
        groupId: consoleProjectionGroup,
        topics: projectionTopics,
        fromBeginning: true,
        handleBatch: (batch) => this.record(batch),
        onCrash: (error) => this.restartLater(error),
      });
      this.health.running();
    } catch (error) {
      this.restartLater(error as Error);
    }
  }

  private restartLater(error: Error): void {
    this.health.crashed(error.message);
    this.logger.error(`projection consumer stopped (${error.message}); restarting in ${restartAfterMs} ms`);
    setTimeout(() => void this.start(), restartAfterMs).unref();
  }

  /** A failed write (the database is down, say) leaves the batch unresolved: fetched again later. */
  private async record(batch: IncomingBatch): Promise<void> {
    const messages = batch.messages.map(projectedMessageOf).filter((m): m is ProjectedMessage => m !== null);
    let orderIds: string[];
    try {
      orderIds = await this.inTransaction(messages);
    } catch (error) {
      if (this.health.waiting(`recording failed: ${(error as Error).message}`)) {
        this.logger.warn(`projection paused: ${(error as Error).message}`);
      }
      batch.pauseFor(retryAfterMs);
      return;
    }
    this.health.running();
    const last = batch.messages.at(-1);
    if (last && batch.isActive()) batch.resolve(last.offset);
    this.updates.recorded(orderIds);
  }

  private async inTransaction(messages: ProjectedMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const client = await this.database.connect();
    try {
      await client.query('BEGIN');
      const orderIds = await recordMessages(client, messages);
      await client.query('COMMIT');
      return orderIds;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
  }
}
