import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../load-config.js';
import {
  deployableCatalog,
  deployableNames,
  serviceCatalog,
  serviceNames,
  serviceVariables,
} from './service-catalog.js';

describe('service catalog', () => {
  it('keeps the four services of DESIGN.md on their ports, each with its own database', () => {
    // A fork's added services come after them (their manifests pick the next ports).
    expect(
      serviceNames
        .slice(0, 4)
        .map((name) => [name, serviceCatalog[name].port, serviceCatalog[name].database]),
    ).toEqual([
      ['order', 3001, 'saga_order'],
      ['inventory', 3002, 'saga_inventory'],
      ['payment', 3003, 'saga_payment'],
      ['fulfilment', 3004, 'saga_fulfilment'],
    ]);
    expect(new Set(serviceNames.map((name) => serviceCatalog[name].database)).size).toBe(serviceNames.length);
  });

  it('gives a service with no settings of its own none', () => {
    expect(serviceCatalog.inventory.settings).toBeUndefined();
    expect(serviceVariables('inventory')).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT']));
  });

  it('lists platform variables for every service and settings only for the service that reads them', () => {
    for (const name of serviceNames) expect(serviceVariables(name)).toContain('DATABASE_URL');
    expect(serviceVariables('order')).toContain('SAGA_TIMEOUT_MS');
    expect(serviceVariables('fulfilment')).toContain('FULFILMENT_DISPATCH_DELAY_MS');
    expect(serviceVariables('payment')).toContain('PAYMENT_GATEWAY_ATTEMPTS');
    expect(serviceVariables('payment')).not.toContain('SAGA_TIMEOUT_MS');
  });

  it("adds the console to the deployables with its own settings and the platform's", () => {
    expect(deployableNames).toEqual([...serviceNames, 'console']);
    // One URL per saga service, by default on its manifest's port.
    for (const name of serviceNames)
      expect(serviceVariables('console')).toContain(`${name.toUpperCase()}_URL`);
    expect(loadConfig(deployableCatalog.console.settings, {}).services).toEqual(
      Object.fromEntries(serviceNames.map((name) => [name, `http://127.0.0.1:${serviceCatalog[name].port}`])),
    );
    expect(serviceVariables('console')).toEqual(expect.arrayContaining(['DATABASE_URL', 'JAEGER_QUERY_URL']));
    expect(serviceVariables('console')).not.toContain('SAGA_TIMEOUT_MS');
    expect(loadConfig(deployableCatalog.console.settings, {}).services.order).toBe('http://127.0.0.1:3001');
  });

  it('gives every setting a usable default', () => {
    expect(loadConfig(serviceCatalog.order.settings, {})).toEqual({
      sagaTimeoutMs: 60_000,
      watchdogIntervalMs: 5_000,
      admission: { maxOpenOrders: 1_000, intervalMs: 200 },
    });
    expect(loadConfig(serviceCatalog.fulfilment.settings, {}).dispatchDelayMs).toBe(0);
    expect(loadConfig(serviceCatalog.payment.settings, {})).toEqual({
      gatewayAttempts: 4,
      reconcileAfterMs: 15_000,
      reconcileIntervalMs: 5_000,
    });
  });
});
