import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProcess, serviceNames } from '@saga-shop/testing';

// Test ports sit beside the documented 3001-3004, so a stack started with `npm start` can keep running.
const services = serviceNames.map((name, index) => new ServiceProcess({ name, port: 3101 + index }));

describe('the four services as real processes', () => {
  beforeAll(async () => {
    await Promise.all(services.map((service) => service.start()));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
  }, 60_000);

  it.each(services.map((service) => [service.options.name, service] as const))(
    '%s reports ready with its database and Kafka up',
    async (_name, service) => {
      const response = await fetch(`${service.baseUrl}/health/ready`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { status: string; info: Record<string, { status: string }> };
      expect(body.status).toBe('ok');
      expect(body.info['database']?.status).toBe('up');
      expect(body.info['kafka']?.status).toBe('up');
    },
  );

  it.each(services.map((service) => [service.options.name, service] as const))(
    '%s serves liveness, Prometheus metrics and OpenAPI docs',
    async (name, service) => {
      expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);

      const metrics = await fetch(`${service.baseUrl}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toMatch(new RegExp(`process_cpu_seconds_total\\{service="${name}"\\}`));

      const openApi = await fetch(`${service.baseUrl}/docs-json`);
      expect(openApi.status).toBe(200);
      const document = (await openApi.json()) as { info: { title: string }; paths: Record<string, unknown> };
      expect(document.info.title).toContain(name);
      expect(Object.keys(document.paths)).toContain('/health/ready');
    },
  );

  it('stop on SIGTERM with exit code 0', async () => {
    const exitCodes = await Promise.all(services.map((service) => service.stop()));
    expect(exitCodes).toEqual([0, 0, 0, 0]);
  }, 60_000);
});
