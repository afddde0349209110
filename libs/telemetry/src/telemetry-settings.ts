/**
 * What the telemetry bootstrap reads. Standard OpenTelemetry variables are honoured as the SDK
 * defines them (OTEL_TRACES_SAMPLER / _ARG for sampling, default: every trace;
 * OTEL_BSP_SCHEDULE_DELAY for export batching; OTEL_SDK_DISABLED to switch it off).
 */
export interface TelemetrySettings {
  serviceName: string;
  serviceVersion: string;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint: string;
  disabled: boolean;
}

export function telemetrySettings(env: Record<string, string | undefined> = process.env): TelemetrySettings {
  return {
    serviceName: env['OTEL_SERVICE_NAME'] ?? env['SERVICE_NAME'] ?? 'saga-shop',
    serviceVersion: env['SERVICE_VERSION'] ?? env['npm_package_version'] ?? '0.1.0',
    otlpEndpoint: (env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://127.0.0.1:4318').replace(/\/$/, ''),
    disabled: env['OTEL_SDK_DISABLED'] === 'true',
  };
}
