// Public face of infra/telemetry: metrics (prom-client) and tracing (OpenTelemetry: the SDK, the
// actors' Tracer port on it, the in-process store of recent traces and its HTTP routes).
export { createRegistry, createNodeMetrics, METRIC_NAMES, type ClusterTotals, type NodeMetrics, type OutboxMetrics } from './metrics.ts';
export { startTracing, VERSION, type Tracing, type TracingOptions } from './tracing.ts';
export { actorTracer, ActorSpan, spanTraceContext } from './tracer.ts';
export { RecentSpans, type StoredSpan, type RecentSpansOptions } from './recent.ts';
export { traceRoutes, jaegerTraceUrl } from './routes.ts';
export { observedOutbox, observedTranscripts, observedStores } from './stores.ts';
