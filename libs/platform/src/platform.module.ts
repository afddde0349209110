import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import type { ServiceConfig } from '@saga-shop/config';
import { createKafkaJsBrokerClient, orderIdBaggageKey } from '@saga-shop/messaging';
import { propagation } from '@opentelemetry/api';
import { BrokerConnection } from './broker/broker-connection.js';
import { DatabasePool } from './database/database-pool.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { EventDelivery } from './messaging/event-delivery.js';
import { OutboxRelayService } from './messaging/outbox-relay.service.js';
import { BROKER_CLIENT, SERVICE_CONFIG } from './tokens.js';

/**
 * What every saga-shop service has in common: configuration, one database pool, one broker client,
 * JSON logs, the outbox relay, /health/live, /health/ready and /metrics. A service module imports nothing else to run.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(config: ServiceConfig): DynamicModule {
    register.setDefaultLabels({ service: config.serviceName });
    if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            base: { service: config.serviceName },
            // Lines written while an event of an order is handled name the order.
            mixin: () => {
              const orderId = propagation.getActiveBaggage()?.getEntry(orderIdBaggageKey)?.value;
              return orderId ? { orderId } : {};
            },
            // Probes and scrapes every few seconds would drown the lines that matter.
            autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        {
          provide: BROKER_CLIENT,
          useValue: createKafkaJsBrokerClient({
            brokers: config.kafka.brokers,
            clientId: config.kafka.clientId,
          }),
        },
        DatabasePool,
        BrokerConnection,
        OutboxRelayService,
        EventDelivery,
      ],
      exports: [
        SERVICE_CONFIG,
        BROKER_CLIENT,
        DatabasePool,
        BrokerConnection,
        OutboxRelayService,
        EventDelivery,
      ],
    };
  }
}
