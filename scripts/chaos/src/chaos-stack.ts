import { serviceCatalog } from '@saga-shop/config';
import { ServiceProcess, localInfra, serviceNames, type ServiceName } from '@saga-shop/testing';
import type { Fault } from './fault-plan.js';

/** Ports of the chaos stack: 300 above npm start's (3001-3004), beside the tests' and the bench's. */
const chaosPorts = Object.fromEntries(
  serviceNames.map((name) => [name, serviceCatalog[name].port + 300]),
) as Record<ServiceName, number>;

/** The four services on the chaos ports, and the faults applied to them and to the infrastructure. */
export class ChaosStack {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(env: Record<string, string> = {}) {
    this.services = Object.fromEntries(
      serviceNames.map((name) => [
        name,
        new ServiceProcess({ name, port: chaosPorts[name], env: { LOG_LEVEL: 'warn', ...env } }),
      ]),
    ) as Record<ServiceName, ServiceProcess>;
  }

  url(name: ServiceName): string {
    return this.services[name].baseUrl;
  }

  async start(): Promise<void> {
    await Promise.all(serviceNames.map((name) => this.services[name].start(90_000)));
  }

  async stop(): Promise<void> {
    await Promise.all(serviceNames.map((name) => this.services[name].stop()));
  }

  /** Applies one fault and undoes it after its time; resolves once the system is back. */
  async apply(fault: Fault): Promise<void> {
    const down = () => new Promise((resolve) => setTimeout(resolve, fault.downSeconds * 1_000));
    if (fault.kind === 'kill') {
      await this.services[fault.target].kill();
      await down();
      await this.services[fault.target].start(90_000);
    } else if (fault.kind === 'freeze') {
      this.services[fault.target].signal('SIGSTOP');
      await down();
      this.services[fault.target].signal('SIGCONT');
    } else {
      localInfra.down(fault.target);
      await down();
      localInfra.up(fault.target);
    }
  }
}
