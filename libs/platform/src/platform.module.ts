import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { TokenVerifier } from '@saga-shop/auth';
import type { ServiceConfig } from '@saga-shop/config';
import { ConsumerHealth, createBrokerClient, orderIdBaggageKey } from '@saga-shop/messaging';
import { propagation } from '@opentelemetry/api';
import { BearerAuthGuard } from './auth/bearer-auth.guard.js';
import { BrokerConnection } from './broker/broker-connection.js';
import { DatabasePool } from './database/database-pool.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { OutboxRelayService } from './messaging/outbox-relay.service.js';
import { SagaTransactions } from './messaging/saga-transactions.js';
import { BROKER_CLIENT, SERVICE_CONFIG } from './tokens.js';

/**
 * What every saga-shop service has in common: configuration, one database pool, one broker client,
 * saga transactions, JSON logs, the outbox relay, the consumer's health, bearer-token
 * authentication on every route not marked @Public, /health/live, /health/ready and /metrics.
 * A service module imports nothing else to run.
 */
@Global()
@Module({})
export class PlatformModule {
  /**
   * `sagaParticipant: false` is for a service that only watches the saga (the console): no outbox
   * relay and no saga transactions, since it publishes nothing and keeps no inbox.
   */
  static forService(config: ServiceConfig, { sagaParticipant = true } = {}): DynamicModule {
    const saga = sagaParticipant ? [OutboxRelayService, SagaTransactions] : [];
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
            // Probes and scrapes every few seconds would drown the lines that matter. The path is
            // the original one: the middleware runs under @fastify/middie, which strips `url`.
            autoLogging: {
              ignore: (request) =>
                /^\/(health|metrics)/.test(
                  (request as { originalUrl?: string }).originalUrl ?? request.url ?? '',
                ),
            },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: TokenVerifier, useValue: new TokenVerifier(config.auth) },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        {
          provide: BROKER_CLIENT,
          useValue: createBrokerClient(
            { brokers: config.kafka.brokers, clientId: config.kafka.clientId, ...config.kafkaSecurity },
            config.kafka.client,
          ),
        },
        { provide: ConsumerHealth, useValue: new ConsumerHealth() },
        DatabasePool,
        BrokerConnection,
        ...saga,
      ],
      exports: [SERVICE_CONFIG, BROKER_CLIENT, ConsumerHealth, DatabasePool, BrokerConnection, ...saga],
    };
  }
}
