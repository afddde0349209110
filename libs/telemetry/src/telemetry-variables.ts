/**
 * The environment variables the telemetry bootstrap and the OpenTelemetry SDK read for a service,
 * as deployments are expected to set them. Compose and Kubernetes manifests are checked against
 * this list together with libs/config's service catalog.
 */
export const telemetryVariables = [
  'OTEL_SERVICE_NAME',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_SDK_DISABLED',
  'SERVICE_VERSION',
] as const;
