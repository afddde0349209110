import { z } from 'zod';
import { serviceConfigVariables, type ServiceDefaults } from '../service-config.js';
import { fulfilmentSettingsSchema } from './fulfilment-settings.js';
import { orderSettingsSchema } from './order-settings.js';
import { paymentSettingsSchema } from './payment-settings.js';

/**
 * The four deployables: name, port and database from ../shared/DESIGN.md, and the settings each
 * reads beyond the platform's. docker-compose.yml and infra/k8s are checked against this catalog,
 * so a variable added to a schema fails those checks until every deployment sets it.
 */
export const serviceCatalog = {
  order: { name: 'order', port: 3001, database: 'saga_order', settings: orderSettingsSchema },
  inventory: { name: 'inventory', port: 3002, database: 'saga_inventory', settings: undefined },
  payment: { name: 'payment', port: 3003, database: 'saga_payment', settings: paymentSettingsSchema },
  fulfilment: {
    name: 'fulfilment',
    port: 3004,
    database: 'saga_fulfilment',
    settings: fulfilmentSettingsSchema,
  },
} as const satisfies Record<string, ServiceDefaults & { settings: z.ZodPipe | undefined }>;

export type ServiceName = keyof typeof serviceCatalog;
export const serviceNames = Object.keys(serviceCatalog) as ServiceName[];

/** Every variable the service's own code reads: the platform's plus its settings. */
export function serviceVariables(name: ServiceName): string[] {
  const entry = serviceCatalog[name];
  const settings = entry.settings ? Object.keys((entry.settings.in as z.ZodObject).shape) : [];
  return [...serviceConfigVariables(entry), ...settings];
}
