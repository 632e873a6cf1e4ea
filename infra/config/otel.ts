// The tracing part of the environment: the standard OTEL_* variables this node acts on, and
// JAEGER_URL (where `piyasa trace` and the page link a trace to). Tracing exports only when an OTLP
// endpoint is configured (or OTEL_TRACES_EXPORTER=otlp asks for the default one). Error messages
// name variables; headers (which may hold credentials) are left to the SDK and never shown.
import { ConfigError } from './load.ts';

export interface OtelSettings {
  /** Spans go out over OTLP (HTTP/protobuf) to `tracesUrl`. */
  readonly exporting: boolean;
  /** OTEL_SDK_DISABLED=true: no tracing at all, not even the in-process store of the page. */
  readonly disabled: boolean;
  /** e.g. http://jaeger:4318/v1/traces */
  readonly tracesUrl: string;
  /** OTEL_SERVICE_NAME, default "piyasa". */
  readonly serviceName: string;
  /** The batch span processor: OTEL_BSP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT. */
  readonly batch: { readonly maxQueueSize: number; readonly maxExportBatchSize: number; readonly scheduledDelayMillis: number; readonly exportTimeoutMillis: number };
  /** OTEL_TRACES_SAMPLER (+ _ARG): which traces are recorded; default parentbased_always_on. */
  readonly sampler: { readonly root: 'always_on' | 'always_off' | 'traceidratio'; readonly parentBased: boolean; readonly ratio: number };
  /** OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT (or OTEL_ATTRIBUTE_COUNT_LIMIT), OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT
   * (or OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT), OTEL_SPAN_EVENT_COUNT_LIMIT, OTEL_SPAN_LINK_COUNT_LIMIT:
   * the SDK's defaults (128, unlimited, 128, 128). */
  readonly limits: { readonly attributeCountLimit: number; readonly attributeValueLengthLimit: number; readonly eventCountLimit: number; readonly linkCountLimit: number };
  /** JAEGER_URL: Jaeger's UI and query API, e.g. http://127.0.0.1:16686. */
  readonly jaegerUrl?: string;
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

function sampler(env: NodeJS.ProcessEnv): OtelSettings['sampler'] {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  if (!SAMPLERS.includes(name)) throw new ConfigError(`OTEL_TRACES_SAMPLER: must be one of ${SAMPLERS.join(', ')} (got "${name}")`);
  const parentBased = name.startsWith('parentbased_');
  const root = (parentBased ? name.slice('parentbased_'.length) : name) as OtelSettings['sampler']['root'];
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = root === 'traceidratio' && raw ? Number(raw) : 1;
  if (!(ratio >= 0 && ratio <= 1)) throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1 (got "${raw}")`);
  return { root, parentBased, ratio };
}

/** Defaults for bursts: a queue of 8192 spans (the SDK's 2048 drops spans under load), sent every second. */
export const BATCH_DEFAULTS = Object.freeze({ maxQueueSize: 8192, maxExportBatchSize: 1024, scheduledDelayMillis: 1000, exportTimeoutMillis: 10_000 });

const DEFAULT_ENDPOINT = 'http://localhost:4318';

function url(raw: string, name: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: must be an http(s) URL (got "${raw.replace(/\/\/[^@/]*@/, '//')}")`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${name}: must be an http(s) URL`);
  return raw;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name}: must be a positive integer (got "${raw}")`);
  return n;
}

/** The OTEL_* settings; throws ConfigError naming the variable for a value it cannot use. */
export function otelSettings(env: NodeJS.ProcessEnv = process.env): OtelSettings {
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = exporters.filter((e) => e !== 'otlp' && e !== 'none');
  if (unknown.length) throw new ConfigError(`OTEL_TRACES_EXPORTER: only "otlp" or "none" are supported (got "${unknown.join(',')}")`);
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const p = env[name]?.trim();
    if (p && p !== 'http/protobuf') throw new ConfigError(`${name}: only "http/protobuf" is supported (got "${p}")`);
  }
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = traces ? url(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') : `${url(base || DEFAULT_ENDPOINT, 'OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '')}/v1/traces`;
  const configured = Boolean(traces || base) || exporters.includes('otlp');
  const exporting = !disabled && configured && !(exporters.length === 1 && exporters[0] === 'none');
  const batch = {
    maxQueueSize: count(env, 'OTEL_BSP_MAX_QUEUE_SIZE', BATCH_DEFAULTS.maxQueueSize),
    maxExportBatchSize: count(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', BATCH_DEFAULTS.maxExportBatchSize),
    scheduledDelayMillis: count(env, 'OTEL_BSP_SCHEDULE_DELAY', BATCH_DEFAULTS.scheduledDelayMillis),
    exportTimeoutMillis: count(env, 'OTEL_BSP_EXPORT_TIMEOUT', BATCH_DEFAULTS.exportTimeoutMillis),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) throw new ConfigError('OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE');
  const jaeger = env.JAEGER_URL?.trim();
  const attributeCountLimit = count(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', count(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 128));
  const attributeValueLengthLimit = count(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', count(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity));
  const limits = { attributeCountLimit, attributeValueLengthLimit, eventCountLimit: count(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT', 128), linkCountLimit: count(env, 'OTEL_SPAN_LINK_COUNT_LIMIT', 128) };
  return {
    exporting, disabled, tracesUrl, batch, sampler: sampler(env), limits,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'piyasa',
    ...(jaeger ? { jaegerUrl: url(jaeger, 'JAEGER_URL').replace(/\/+$/, '') } : {}),
  };
}
