import { z } from 'zod';
import { serviceConfigVariables, type ServiceDefaults } from '../service-config.js';
import { consoleSettingsSchema } from './console-settings.js';
import { deployables } from './deployables.js';
import { fulfilmentSettingsSchema } from './fulfilment-settings.js';
import { orderSettingsSchema } from './order-settings.js';
import { paymentSettingsSchema } from './payment-settings.js';

/**
 * The four saga services: name, port and database from their manifests (services/<name>/service.json,
 * via the generated deployables.ts), and the settings each reads beyond the platform's.
 * docker-compose.yml and infra/k8s are checked against this catalog, so a variable added to a
 * schema fails those checks until every deployment sets it.
 */
export const serviceCatalog = {
  order: { ...deployables.order, settings: orderSettingsSchema },
  inventory: { ...deployables.inventory, settings: undefined },
  payment: { ...deployables.payment, settings: paymentSettingsSchema },
  fulfilment: { ...deployables.fulfilment, settings: fulfilmentSettingsSchema },
} as const satisfies Record<SagaServiceName, ServiceDefaults & { settings: z.ZodPipe | undefined }>;

/** Every deployable with a manifest: the saga services and the console. */
export type DeployableName = keyof typeof deployables;
type SagaServiceName = {
  [Name in DeployableName]: (typeof deployables)[Name]['kind'] extends 'saga-service' ? Name : never;
}[DeployableName];

export type ServiceName = keyof typeof serviceCatalog;
export const serviceNames = Object.keys(serviceCatalog) as ServiceName[];
export { deployables };

/** Every deployable: the four saga services and the console, each with the settings it reads. */
export const deployableCatalog = {
  ...serviceCatalog,
  console: { ...deployables.console, settings: consoleSettingsSchema },
} as const satisfies Record<DeployableName, ServiceDefaults & { settings: z.ZodPipe | undefined }>;
export const deployableNames = Object.keys(deployableCatalog) as DeployableName[];

/** Every variable the deployable's own code reads: the platform's plus its settings. */
export function serviceVariables(name: DeployableName): string[] {
  const entry = deployableCatalog[name];
  const settings = entry.settings ? Object.keys((entry.settings.in as z.ZodObject).shape) : [];
  return [...serviceConfigVariables(entry), ...settings];
}
