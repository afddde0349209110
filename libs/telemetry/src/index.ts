export { shutdownTelemetry, startTelemetry } from './start-telemetry.js';
export { telemetrySettings } from './telemetry-settings.js';
export type { TelemetrySettings } from './telemetry-settings.js';
export { telemetryVariables } from './telemetry-variables.js';
