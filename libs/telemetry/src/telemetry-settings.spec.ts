import { describe, expect, it } from '@jest/globals';
import { telemetrySettings } from './telemetry-settings.js';

describe('telemetry settings', () => {
  it('exports to the local Jaeger by default, named after the service', () => {
    expect(telemetrySettings({ SERVICE_NAME: 'payment' })).toMatchObject({
      serviceName: 'payment',
      otlpEndpoint: 'http://127.0.0.1:4318',
      disabled: false,
    });
  });

  it('honours the standard OpenTelemetry variables', () => {
    expect(
      telemetrySettings({
        SERVICE_NAME: 'payment',
        OTEL_SERVICE_NAME: 'payment-canary',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toMatchObject({ serviceName: 'payment-canary', otlpEndpoint: 'http://collector:4318', disabled: true });
  });
});
