import { ServiceProcess, type ServiceName } from './service-process.js';

/** Ports for test stacks, beside the documented 3001-3004 so `npm start` can keep running. */
export const testPorts: Record<ServiceName, number> = {
  order: 3101,
  inventory: 3102,
  payment: 3103,
  fulfilment: 3104,
};

/**
 * The four services as real processes against the local PostgreSQL and Kafka. `env` applies to all
 * of them; `envFor` to one (e.g. a short saga timeout for the order service).
 */
export class SagaStack {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(
    options: {
      env?: Record<string, string>;
      envFor?: Partial<Record<ServiceName, Record<string, string>>>;
    } = {},
  ) {
    const make = (name: ServiceName) =>
      new ServiceProcess({
        name,
        port: testPorts[name],
        env: { LOG_LEVEL: 'warn', ...options.env, ...options.envFor?.[name] },
      });
    this.services = {
      order: make('order'),
      inventory: make('inventory'),
      payment: make('payment'),
      fulfilment: make('fulfilment'),
    };
  }

  start(): Promise<void> {
    return Promise.all(Object.values(this.services).map((service) => service.start(60_000))).then(
      () => undefined,
    );
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }

  url(name: ServiceName): string {
    return this.services[name].baseUrl;
  }
}
