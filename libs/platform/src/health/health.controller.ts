import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ConsumerHealth } from '@saga-shop/messaging';
import { BrokerConnection } from '../broker/broker-connection.js';
import { DatabasePool } from '../database/database-pool.js';
import { within } from './within.js';
import { Public } from '../auth/auth-metadata.js';

const probeTimeoutMs = 2_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabasePool,
    private readonly broker: BrokerConnection,
    private readonly consumer: ConsumerHealth,
  ) {}

  /** Liveness: the process answers. Dependencies are not checked, so an outage does not restart us. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Readiness: the service can do its work: its database and Kafka answer, and its consumer flows
   * (not waiting out an outage, not crashed and restarting).
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, Kafka and the consumer all work' })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.checkDatabase(),
      () => this.checkKafka(),
      () => this.checkConsumer(),
    ]);
  }

  private checkConsumer() {
    const indicator = this.indicators.check('consumer');
    const { state, since, reason } = this.consumer.current;
    const details = { state, since: since.toISOString(), ...(reason ? { reason } : {}) };
    // A service without subscriptions never starts a consumer: nothing to wait for.
    return state === 'running' || state === 'starting' ? indicator.up(details) : indicator.down(details);
  }

  private async checkDatabase() {
    const indicator = this.indicators.check('database');
    try {
      await within(probeTimeoutMs, this.database.query('SELECT 1'));
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async checkKafka() {
    const indicator = this.indicators.check('kafka');
    try {
      const cluster = await within(probeTimeoutMs, this.broker.describeCluster());
      return indicator.up({ brokers: cluster.brokers });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
