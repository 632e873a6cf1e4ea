// The actors' Tracer port on OpenTelemetry: spans from the SDK's tracer, parents and links from the
// W3C context a message carried (never the ambient context: timers and mailboxes would leak it),
// `within` through the SDK's context manager so the adapters' spans nest under the actor's.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Attributes, type Link, type Span, type Tracer as OtelTracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { SpanAttributes, SpanOptions, TraceContext, TraceSpan, Tracer } from '../../actors/index.ts';

const W3C = new W3CTraceContextPropagator();
const setter = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };
const getter = {
  get: (carrier: TraceContext, key: string) => (key === 'traceparent' ? carrier.traceparent : key === 'tracestate' ? carrier.tracestate : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

const KINDS: Record<NonNullable<SpanOptions['kind']>, SpanKind> = {
  internal: SpanKind.INTERNAL, consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER, client: SpanKind.CLIENT, server: SpanKind.SERVER,
};

/** Attributes without the undefined values (OpenTelemetry drops them with a warning). */
function clean(attributes: SpanAttributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  const out: Attributes = {};
  for (const k in attributes) {
    const v = attributes[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The W3C context `trace` carried, as a remote parent (undefined when malformed). */
export function extractContext(trace: TraceContext) {
  return W3C.extract(ROOT_CONTEXT, trace, getter);
}

/** The W3C context of `span` (undefined when its context is not valid). */
export function spanTraceContext(span: Span): TraceContext | undefined {
  if (!trace.isSpanContextValid(span.spanContext())) return undefined;
  const carrier: Record<string, string> = {};
  W3C.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : undefined;
}

class OtelSpan implements TraceSpan {
  readonly traceId: string;
  constructor(readonly span: Span) {
    this.traceId = span.isRecording() ? span.spanContext().traceId : '';
  }
  setAttributes(attributes: SpanAttributes): void {
    this.span.setAttributes(clean(attributes)!);
  }
  addEvent(name: string, attributes?: SpanAttributes): void {
    this.span.addEvent(name, clean(attributes));
  }
  fail(reason: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
  }
  end(): void {
    this.span.end();
  }
  context(): TraceContext | undefined {
    return spanTraceContext(this.span);
  }
}

/** The port on `tracer` (the SDK's, once it is started). */
export function otelTracer(tracer: OtelTracer): Tracer {
  return {
    enabled: true,
    start(name: string, options: SpanOptions = {}): TraceSpan {
      const parent = options.parent ? extractContext(options.parent) : ROOT_CONTEXT;
      const links: Link[] = [];
      for (const l of options.links ?? []) {
        const c = trace.getSpanContext(extractContext(l));
        if (c) links.push({ context: c });
      }
      const attributes = clean(options.attributes);
      const span = tracer.startSpan(name, {
        kind: KINDS[options.kind ?? 'internal'], root: options.parent === undefined,
        ...(links.length ? { links } : {}), ...(attributes ? { attributes } : {}),
      }, parent);
      return new OtelSpan(span);
    },
    within<T>(span: TraceSpan, fn: () => T): T {
      const s = span instanceof OtelSpan ? span.span : undefined;
      return s ? context.with(trace.setSpan(context.active(), s), fn) : fn();
    },
  };
}
