// The actors' Tracer port on OpenTelemetry: spans from the SDK's tracer, parents and links from the
// W3C context a message carried (never the ambient context: timers and mailboxes would leak it),
// `within` through the SDK's context manager so the adapters' spans nest under the actor's (the span on
// the root context: an actor's work inherits nothing ambient).
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Attributes, type Context, type Link, type Span, type SpanContext, type SpanOptions as OtelSpanOptions, type Tracer as OtelTracer } from '@opentelemetry/api';
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

/** Attributes without the undefined values (OpenTelemetry drops them with a warning); the same object
 * when it has none. */
function clean(attributes: SpanAttributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  let holes = false;
  for (const k in attributes) {
    if (attributes[k] === undefined) {
      holes = true;
      break;
    }
  }
  if (!holes) return attributes as Attributes;
  const out: Attributes = {};
  for (const k in attributes) {
    const v = attributes[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A version-00 traceparent without tracestate: the common case, read without the propagator. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C context `trace` carried, as a remote parent (ROOT_CONTEXT's when malformed). */
export function extractContext(carried: TraceContext): Context {
  const m = carried.tracestate === undefined ? TRACEPARENT.exec(carried.traceparent) : null;
  if (!m) return W3C.extract(ROOT_CONTEXT, carried, getter);
  const c: SpanContext = { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) & 1, isRemote: true };
  return trace.isSpanContextValid(c) ? trace.setSpanContext(ROOT_CONTEXT, c) : ROOT_CONTEXT;
}

/** The W3C context of `span` (undefined when its context is not valid). */
export function spanTraceContext(span: Span): TraceContext | undefined {
  const c = span.spanContext();
  if (!trace.isSpanContextValid(c)) return undefined;
  if (c.traceState === undefined) return { traceparent: `00-${c.traceId}-${c.spanId}-0${c.traceFlags & 1}` };
  const carrier: Record<string, string> = {};
  W3C.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : undefined;
}

class OtelSpan implements TraceSpan {
  readonly traceId: string;
  #carried: TraceContext | undefined | null = null;
  #active: Context | undefined;
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
    if (this.#carried === null) this.#carried = spanTraceContext(this.span);
    return this.#carried;
  }
  /** The context `within` runs in: this span on the root (an actor's work inherits no ambient
   * context), made once per span however often the span is entered. */
  active(): Context {
    return (this.#active ??= trace.setSpan(ROOT_CONTEXT, this.span));
  }
}

/** The port on `tracer` (the SDK's, once it is started). */
export function otelTracer(tracer: OtelTracer): Tracer {
  return {
    enabled: true,
    start(name: string, options: SpanOptions = {}): TraceSpan {
      const parent = options.parent ? extractContext(options.parent) : ROOT_CONTEXT;
      // ROOT_CONTEXT has no span: a new trace without `root` (which would copy the context).
      const sdkOptions: OtelSpanOptions = { kind: KINDS[options.kind ?? 'internal'] };
      const attributes = clean(options.attributes);
      if (attributes) sdkOptions.attributes = attributes;
      if (options.links?.length) {
        const links: Link[] = [];
        for (const l of options.links) {
          const c = trace.getSpanContext(extractContext(l));
          if (c) links.push({ context: c });
        }
        if (links.length) sdkOptions.links = links;
      }
      return new OtelSpan(tracer.startSpan(name, sdkOptions, parent));
    },
    within<T>(span: TraceSpan, fn: () => T): T {
      return span instanceof OtelSpan ? context.with(span.active(), fn) : fn();
    },
  };
}
