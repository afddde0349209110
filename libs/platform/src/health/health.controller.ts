import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerConnection } from '../broker/broker-connection.js';
import { DatabasePool } from '../database/database-pool.js';
import { within } from './within.js';

const probeTimeoutMs = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabasePool,
    private readonly broker: BrokerConnection,
  ) {}

  /** Liveness: the process answers. Dependencies are not checked, so an outage does not restart us. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: the service can do its work, i.e. its database and Kafka both answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.checkDatabase(), () => this.checkKafka()]);
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
