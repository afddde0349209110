import type { z } from 'zod';
import { serviceConfigVariables, type ServiceDefaults } from '../service-config.js';
import { consoleSettingsSchema } from './console-settings.js';
import { deployables } from './deployables.js';
import { fulfilmentSettingsSchema } from './fulfilment-settings.js';
import { orderSettingsSchema } from './order-settings.js';
import { paymentSettingsSchema } from './payment-settings.js';

/** Every deployable with a manifest: the saga services and the console. */
export type DeployableName = keyof typeof deployables;

/**
 * The settings a deployable reads beyond the platform's. A deployable not named here reads none,
 * so a new service needs no entry until it has settings of its own.
 */
const settingsSchemas = {
  order: orderSettingsSchema,
  payment: paymentSettingsSchema,
  fulfilment: fulfilmentSettingsSchema,
  console: consoleSettingsSchema,
} as const satisfies Partial<Record<DeployableName, z.ZodPipe>>;

type SettingsOf<Name extends DeployableName> = Name extends keyof typeof settingsSchemas
  ? (typeof settingsSchemas)[Name]
  : undefined;
type CatalogEntry<Name extends DeployableName> = (typeof deployables)[Name] & { settings: SettingsOf<Name> };
type SagaServiceName = {
  [Name in DeployableName]: (typeof deployables)[Name]['kind'] extends 'saga-service' ? Name : never;
}[DeployableName];

/**
 * Every deployable: name, kind, ports and database from its manifest (services/<name>/service.json,
 * via the generated deployables.ts), and the settings it reads. docker-compose.yml and infra/k8s are
 * checked against this catalog, so a variable added to a schema fails those checks until every
 * deployment sets it.
 */
export const deployableCatalog = Object.fromEntries(
  Object.entries(deployables).map(([name, manifest]) => [
    name,
    { ...manifest, settings: (settingsSchemas as Partial<Record<string, z.ZodPipe>>)[name] },
  ]),
) as { [Name in DeployableName]: CatalogEntry<Name> } satisfies Record<
  DeployableName,
  ServiceDefaults & { settings: z.ZodPipe | undefined }
>;
export const deployableNames = Object.keys(deployableCatalog) as DeployableName[];

/** The saga services (every deployable but the console), in manifest order. */
export type ServiceName = SagaServiceName;
export const serviceNames = deployableNames.filter(
  (name): name is ServiceName => deployables[name].kind === 'saga-service',
);
export const serviceCatalog = Object.fromEntries(
  serviceNames.map((name) => [name, deployableCatalog[name]]),
) as { [Name in ServiceName]: CatalogEntry<Name> };
export { deployables };

/** Every variable the deployable's own code reads: the platform's plus its settings. */
export function serviceVariables(name: DeployableName): string[] {
  const entry = deployableCatalog[name];
  const settings = entry.settings ? Object.keys((entry.settings.in as z.ZodObject).shape) : [];
  return [...serviceConfigVariables(entry), ...settings];
}
