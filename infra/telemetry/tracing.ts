// Tracing for a node: the OpenTelemetry Node SDK, with spans exported over OTLP/HTTP-protobuf in
// bounded batches (when OTEL_* configures an endpoint) and kept in the in-process store of recent
// traces (for the page and `piyasa trace`); each span is written as OTLP bytes once for both. Off — the no-op tracer, nothing registered — when
// neither is wanted. Resource: service name, version, node id.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { context, propagation, trace } from '@opentelemetry/api';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import { NOOP_TRACER, type Logger, type Tracer } from '../../actors/index.ts';
import type { OtelSettings } from '../config/index.ts';
import { OtlpSpanExport } from './export.ts';
import { PooledIdGenerator } from './ids.ts';
import { RecentSpans } from './recent.ts';
import { actorTracer } from './tracer.ts';

export interface Tracing {
  /** The actors' port (NOOP_TRACER when off). */
  readonly tracer: Tracer;
  /** Recent traces of this node, when tracing is on. */
  readonly recent?: RecentSpans;
  readonly exporting: boolean;
  /** Where spans go, for the start banner (no credentials). */
  readonly describe: string;
  /** Sends what is queued (bounded by the export timeout) and unregisters the SDK. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly settings: OtelSettings;
  readonly nodeId: string;
  /** Keep recent traces in memory even without an exporter (the sandbox's page shows them). */
  readonly keepRecent: boolean;
  readonly logger: Logger;
}

/** The package's version, for service.version. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** OTEL_TRACES_SAMPLER's sampler, for the SDK's spans and the actors' alike. */
function samplerOf(s: OtelSettings['sampler']): Sampler {
  const root = s.root === 'always_on' ? new AlwaysOnSampler() : s.root === 'always_off' ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(s.ratio);
  return s.parentBased ? new ParentBasedSampler({ root }) : root;
}

/** parentbased_always_on, which the actors' tracer decides without the SDK's sampler. */
const isDefault = (s: OtelSettings['sampler']): boolean => s.parentBased && s.root === 'always_on';

const OFF: Tracing = { tracer: NOOP_TRACER, exporting: false, describe: 'off', shutdown: async () => undefined };

/** Starts the SDK when tracing is wanted; one per process (it registers the global tracer and context). */
export function startTracing(opts: TracingOptions): Tracing {
  const { settings } = opts;
  if (settings.disabled || (!settings.exporting && !opts.keepRecent)) return OFF;
  const recent = new RecentSpans();
  // Headers, timeout and compression come from OTEL_EXPORTER_OTLP_* as the SDK's transport reads them.
  const processor = settings.exporting ? new OtlpSpanExport({ tracesUrl: settings.tracesUrl, batch: settings.batch, recent, logger: opts.logger }) : recent;
  // OTEL_RESOURCE_ATTRIBUTES over ours, as the SDK merges a detector's; one resource, sampler, id
  // generator and set of limits for the SDK's spans (the adapters') and the actors'.
  const resource = resourceFromAttributes({
    'service.name': settings.serviceName, 'service.version': VERSION, 'service.instance.id': opts.nodeId,
    'piyasa.node.id': opts.nodeId, 'host.name': hostname(),
  }).merge(detectResources({ detectors: [envDetector] }));
  const sampler = samplerOf(settings.sampler);
  const ids = new PooledIdGenerator();
  const sdk = new NodeSDK({
    resource, autoDetectResources: false, sampler, idGenerator: ids, spanLimits: settings.limits,
    spanProcessors: [processor], instrumentations: [], metricReaders: [], logRecordProcessors: [],
  });
  sdk.start();
  const where = settings.exporting ? `OTLP to ${settings.tracesUrl.replace(/\/\/[^@/]*@/, '//')}` : 'kept on this node only';
  return {
    tracer: actorTracer({ processor, resource, scope: { name: 'piyasa', version: VERSION }, limits: settings.limits, sampler: isDefault(settings.sampler) ? undefined : sampler, ids }),
    recent, exporting: settings.exporting, describe: where,
    async shutdown() {
      try {
        await sdk.shutdown();
      } catch (error) {
        // An export that cannot finish (the collector is gone) must not fail the stop.
        opts.logger.warn('tracing.shutdown-failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}
