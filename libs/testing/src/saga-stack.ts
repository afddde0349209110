import { deployables, serviceNames, serviceUrlVariable } from '@saga-shop/config';
import { ServiceProcess, type ProcessName, type ServiceName } from './service-process.js';

/** Ports for test stacks (each manifest's testPort), beside `npm start`'s so that can keep running. */
export const testPorts = Object.fromEntries(
  Object.values(deployables).map(({ name, testPort }) => [name, testPort]),
) as Record<ProcessName, number>;

/**
 * Every saga service (each manifest of kind saga-service) as a real process against the local PostgreSQL and Kafka. `env` applies to all
 * of them; `envFor` to one (e.g. a short saga timeout for the order service). With `console`, the
 * console runs too, pointed at this stack's services.
 */
export class SagaStack {
  readonly services: Record<ServiceName, ServiceProcess>;
  readonly console: ServiceProcess | undefined;

  constructor(
    options: {
      env?: Record<string, string>;
      envFor?: Partial<Record<ServiceName, Record<string, string>>>;
      console?: Record<string, string> | boolean;
    } = {},
  ) {
    const make = (name: ServiceName) =>
      new ServiceProcess({
        name,
        port: testPorts[name],
        env: { LOG_LEVEL: 'warn', ...options.env, ...options.envFor?.[name] },
      });
    this.services = Object.fromEntries(serviceNames.map((name) => [name, make(name)])) as Record<
      ServiceName,
      ServiceProcess
    >;
    this.console = options.console
      ? new ServiceProcess({
          name: 'console',
          port: testPorts.console,
          env: {
            LOG_LEVEL: 'warn',
            ...options.env,
            ...Object.fromEntries(
              serviceNames.map((name) => [serviceUrlVariable(name), this.services[name].baseUrl]),
            ),
            ...(typeof options.console === 'object' ? options.console : {}),
          },
        })
      : undefined;
  }

  private get processes(): ServiceProcess[] {
    return [...Object.values(this.services), ...(this.console ? [this.console] : [])];
  }

  start(): Promise<void> {
    return Promise.all(this.processes.map((service) => service.start(60_000))).then(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((service) => service.stop()));
  }

  url(name: ServiceName): string {
    return this.services[name].baseUrl;
  }
}
