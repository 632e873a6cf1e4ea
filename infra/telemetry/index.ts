// Public face of infra/telemetry: metrics (prom-client) and tracing (OpenTelemetry).
export { createRegistry } from './metrics.ts';
