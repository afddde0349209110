// The schema is in @saga-shop/config (console-settings.ts) beside the four services' settings, so
// the deployment checks (e2e/test/k8s-manifests.e2e-spec.ts) know every variable the console reads.
export type { ConsoleSettings } from '@saga-shop/config';

export const CONSOLE_SETTINGS = Symbol('CONSOLE_SETTINGS');
