import { describe, expect, it } from '@jest/globals';
import { telemetrySettings } from './telemetry-settings.js';
import { telemetryVariables } from './telemetry-variables.js';

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

  it('reads no variable that deployments are not told about', () => {
    const read = new Set<string>();
    const recordingEnv = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, key) => {
        read.add(String(key));
        return undefined;
      },
    });
    telemetrySettings(recordingEnv);
    // SERVICE_NAME is the platform's (libs/config); npm_package_version is set by npm itself.
    const declared = new Set<string>([...telemetryVariables, 'SERVICE_NAME', 'npm_package_version']);
    expect([...read].filter((name) => !declared.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(3);
  });
});
