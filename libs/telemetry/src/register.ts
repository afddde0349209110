// Loaded with `node --import @saga-shop/telemetry/register dist/main.js`, before any application
// module: ESM modules can only be instrumented if the loader hook is in place before they load.
import { register } from 'node:module';
import { startTelemetry } from './start-telemetry.js';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
startTelemetry();
