// The span processor that exports over OTLP/HTTP (protobuf): each span is written as OTLP bytes once,
// when it ends (otlp.ts), into its scope's part of the next request, and the same bytes go to the ring
// of recent spans; the span object is dropped at once. A request goes when it holds
// OTEL_BSP_MAX_EXPORT_BATCH_SIZE spans or OTEL_BSP_SCHEDULE_DELAY has passed, through the SDK's own
// OTLP HTTP transport (endpoint, OTEL_EXPORTER_OTLP_HEADERS, timeout, compression, retries, as
// OTLPTraceExporter reads them); spans beyond OTEL_BSP_MAX_QUEUE_SIZE not yet sent are dropped and
// counted, as the SDK's batch processor does.
import { context, TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, type IExportTraceServiceResponse, type ISerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Logger } from '../../actors/index.ts';
import type { OtelSettings } from '../config/index.ts';
import { ProtoWriter, writeAttributes, writeSpan } from './otlp.ts';
import type { RecentSpans } from './recent.ts';

/** One request's bytes and how many spans it carries. */
interface Batch {
  readonly bytes: Uint8Array;
  readonly spans: number;
}

/** The request is already bytes: the serializer passes them on (and reads the collector's answer as
 * OTLPTraceExporter does). */
const PASS_THROUGH: ISerializer<Batch, IExportTraceServiceResponse> = {
  serializeRequest: (batch) => batch.bytes,
  deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
};

type Scope = ReadableSpan['instrumentationScope'];
type Resource = ReadableSpan['resource'];

/** How often a failing export is logged at most. */
const FAILURE_LOG_MS = 60_000;

export interface OtlpExportOptions {
  readonly tracesUrl: string;
  readonly batch: OtelSettings['batch'];
  /** Also keeps every ended span here (written once for both). */
  readonly recent?: RecentSpans;
  readonly logger: Logger;
}

export class OtlpSpanExport implements SpanProcessor {
  private readonly delegate;
  private readonly scratch = new ProtoWriter();
  /** The next request's spans, by scope (the SDK hands every span of a tracer the same scope object). */
  private readonly scopes = new Map<Scope, ProtoWriter>();
  private resource: { readonly of: Resource; readonly bytes: Buffer } | undefined;
  private pending = 0;
  private inFlight = 0;
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private lastFailureLog = -Infinity;
  private stopped = false;
  /** Spans dropped because the queue was full. */
  dropped = 0;
  /** Spans whose export failed. */
  failed = 0;

  constructor(private readonly opts: OtlpExportOptions) {
    this.delegate = createOtlpHttpExportDelegate(
      convertLegacyHttpOptions({ url: opts.tracesUrl }, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
      PASS_THROUGH, 'otlp_http_span_exporter', { name: 'span', countItems: (b: Batch) => b.spans }, undefined,
    );
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const w = this.scratch;
    w.pos = 0;
    writeSpan(w, span);
    this.opts.recent?.keep(span, w.buf, 0, w.pos);
    if (this.stopped || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.pending + this.inFlight >= this.opts.batch.maxQueueSize) {
      this.dropped++;
      return;
    }
    if (this.resource?.of !== span.resource) this.setResource(span.resource);
    let part = this.scopes.get(span.instrumentationScope);
    if (!part) this.scopes.set(span.instrumentationScope, (part = new ProtoWriter(64 * 1024)));
    part.tag(2, 2);
    part.varint(w.pos);
    part.raw(w.buf, 0, w.pos);
    this.pending++;
    if (this.pending >= this.opts.batch.maxExportBatchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.batch.scheduledDelayMillis).unref();
  }

  /** A new resource (once per process, in practice): the request so far goes under the old one. */
  private setResource(resource: Resource): void {
    if (this.pending) void this.flush();
    const w = new ProtoWriter(1024);
    writeAttributes(w, 1, resource.attributes);
    this.resource = { of: resource, bytes: Buffer.from(w.buf.subarray(0, w.pos)) };
  }

  /** Sends what is pending as one ExportTraceServiceRequest. */
  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0 || !this.resource) return Promise.resolve();
    let size = this.resource.bytes.length + 64;
    for (const part of this.scopes.values()) size += part.pos + 256;
    const req = new ProtoWriter(size);
    const resourceSpans = req.open(1);
    req.tag(1, 2);
    req.varint(this.resource.bytes.length);
    req.raw(this.resource.bytes, 0, this.resource.bytes.length);
    for (const [scope, part] of this.scopes) {
      if (part.pos === 0) continue;
      const scopeSpans = req.open(2);
      const s = req.open(1);
      req.string(1, scope.name);
      if (scope.version) req.string(2, scope.version);
      req.close(s);
      req.raw(part.buf, 0, part.pos);
      if (scope.schemaUrl) req.string(3, scope.schemaUrl);
      req.close(scopeSpans);
      part.pos = 0;
    }
    if (this.resource.of.schemaUrl) req.string(3, this.resource.of.schemaUrl);
    req.close(resourceSpans);
    const batch: Batch = { bytes: req.buf.subarray(0, req.pos), spans: this.pending };
    this.pending = 0;
    this.inFlight += batch.spans;
    const sent = new Promise<void>((resolve) => {
      // The export's own HTTP call is not traced.
      context.with(suppressTracing(context.active()), () => this.delegate.export(batch, (result) => {
        this.inFlight -= batch.spans;
        if (result.code !== ExportResultCode.SUCCESS) this.exportFailed(batch.spans, result);
        resolve();
      }));
    });
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
    return sent;
  }

  private exportFailed(spans: number, result: ExportResult): void {
    this.failed += spans;
    const now = Date.now();
    if (now - this.lastFailureLog < FAILURE_LOG_MS) return;
    this.lastFailureLog = now;
    this.opts.logger.warn('tracing.export-failed', { spans, failed: this.failed, dropped: this.dropped, error: result.error?.message ?? 'unknown' });
  }

  /** Sends what is pending and waits for every export under way (at most OTEL_BSP_EXPORT_TIMEOUT). */
  async forceFlush(): Promise<void> {
    void this.flush();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.batch.exportTimeoutMillis)));
    try {
      await Promise.race([Promise.all(this.sending), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.forceFlush();
    this.stopped = true;
    await this.delegate.shutdown();
  }
}
