// The actors' Tracer port on OpenTelemetry. The actors' spans (a turn, a compose, a bus hop: several a
// message, on the hot path) are `ActorSpan`s: an API `Span` (so `within` makes them the parent of the
// adapters' SDK spans, and logs find their ids) and a `ReadableSpan` handed to the same span processor
// as the SDK's spans, with the same sampler, limits, resource and ids — without the SDK's general
// span machinery (ambient context lookups, attribute checks for values the port's types already rule
// out, an anchored clock per trace, span metrics), which cost more than the rest of tracing. Parents
// and links come from the W3C context a message carried, never the ambient context (timers and
// mailboxes would leak it).
import {
  ROOT_CONTEXT, SamplingDecision, SpanKind, SpanStatusCode, TraceFlags, context, trace,
  type Attributes, type AttributeValue, type Context, type Exception, type HrTime, type Link, type Span, type SpanContext, type SpanStatus, type TimeInput,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { IdGenerator, ReadableSpan, Sampler, SamplingResult, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';
import type { SpanAttributes, SpanOptions, TraceContext, TraceSpan, Tracer } from '../../actors/index.ts';
import type { OtelSettings } from '../config/index.ts';
import { toHrTime } from './otlp.ts';

const W3C = new W3CTraceContextPropagator();
const setter = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };
const getter = {
  get: (carrier: TraceContext, key: string) => (key === 'traceparent' ? carrier.traceparent : key === 'tracestate' ? carrier.tracestate : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

const KINDS: Record<NonNullable<SpanOptions['kind']>, SpanKind> = {
  internal: SpanKind.INTERNAL, consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER, client: SpanKind.CLIENT, server: SpanKind.SERVER,
};

/** A version-00 traceparent without tracestate: the common case, read without the propagator. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span context behind a TraceContext this process made, a local parent (a symbol: JSON and NATS
 * headers drop it, so a context that crossed a process is parsed from its traceparent, a remote one). */
const SPAN_CONTEXT = Symbol('piyasa.spanContext');
type Carried = TraceContext & { readonly [SPAN_CONTEXT]?: SpanContext };

/** The span context `trace` carried (undefined when malformed). */
function carriedSpanContext(carried: Carried): SpanContext | undefined {
  const own = carried[SPAN_CONTEXT];
  if (own !== undefined && carried.traceparent.startsWith(own.traceId, 3)) return own;
  const m = carried.tracestate === undefined ? TRACEPARENT.exec(carried.traceparent) : null;
  if (!m) return trace.getSpanContext(W3C.extract(ROOT_CONTEXT, carried, getter));
  const c: SpanContext = { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) & 1, isRemote: true };
  return trace.isSpanContextValid(c) ? c : undefined;
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

/** Epoch milliseconds (fractional) on the clock the SDK's spans use. */
const nowMs = (): number => performance.timeOrigin + performance.now();

function timeMs(t: TimeInput | undefined): number {
  if (t === undefined) return nowMs();
  if (typeof t === 'number') return t < performance.timeOrigin ? performance.timeOrigin + t : t; // the SDK's reading: below the time origin, a performance.now()
  if (t instanceof Date) return t.getTime();
  return t[0] * 1000 + t[1] / 1e6;
}

const NO_EVENTS: TimedEvent[] = [];
const NO_LINKS: Link[] = [];
const UNSET: SpanStatus = { code: SpanStatusCode.UNSET };

/** What every span of one tracer shares. */
interface Shared {
  readonly processor: SpanProcessor;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly limits: OtelSettings['limits'];
}

/** A span of the actors: the port's TraceSpan, an API Span, and the SDK's ReadableSpan once ended. */
export class ActorSpan implements TraceSpan, Span, ReadableSpan {
  readonly attributes: Attributes = {};
  events: TimedEvent[] = NO_EVENTS;
  links: Link[] = NO_LINKS;
  status: SpanStatus = UNSET;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  ended = false;
  /** Epoch ms (fractional): the writer reads these rather than HrTime pairs. */
  readonly startMs: number;
  endMs = 0;
  private attributeCount = 0;
  #carried: TraceContext | undefined | null = null;
  #active: Context | undefined;

  constructor(
    private readonly shared: Shared,
    private readonly context_: SpanContext,
    public name: string,
    readonly kind: SpanKind,
    readonly parentSpanContext: SpanContext | undefined,
    /** Whether the span records (and goes to the processor when it ends). */
    private readonly recording: boolean,
  ) {
    this.startMs = nowMs();
  }

  /** 32 hex digits; '' when the span is not recorded. */
  get traceId(): string {
    return this.recording ? this.context_.traceId : '';
  }
  get resource(): Resource {
    return this.shared.resource;
  }
  get instrumentationScope(): InstrumentationScope {
    return this.shared.scope;
  }
  get startTime(): HrTime {
    return toHrTime(this.startMs);
  }
  get endTime(): HrTime {
    return toHrTime(this.endMs);
  }
  get duration(): HrTime {
    return toHrTime(this.endMs - this.startMs);
  }

  spanContext(): SpanContext {
    return this.context_;
  }
  isRecording(): boolean {
    return this.recording && !this.ended;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value === undefined || value === null || !this.isRecording()) return this;
    const limits = this.shared.limits;
    if (!(key in this.attributes)) {
      if (this.attributeCount >= limits.attributeCountLimit) {
        this.droppedAttributesCount++;
        return this;
      }
      this.attributeCount++;
    }
    this.attributes[key] = typeof value === 'string' && value.length > limits.attributeValueLengthLimit ? value.slice(0, limits.attributeValueLengthLimit) : value;
    return this;
  }
  setAttributes(attributes: SpanAttributes | Attributes): this {
    for (const k in attributes) this.setAttribute(k, attributes[k]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | Attributes | TimeInput, time?: TimeInput): this {
    if (!this.isRecording()) return this;
    if (this.events.length >= this.shared.limits.eventCountLimit) {
      this.droppedEventsCount++;
      return this;
    }
    const timed = attributesOrTime instanceof Date || Array.isArray(attributesOrTime) || typeof attributesOrTime === 'number';
    const attributes: Attributes = {};
    if (!timed && attributesOrTime) for (const k in attributesOrTime) if (attributesOrTime[k] !== undefined) attributes[k] = attributesOrTime[k];
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push({ name, attributes, time: toHrTime(timeMs(timed ? attributesOrTime : time)), droppedAttributesCount: 0 });
    return this;
  }
  addLink(link: Link): this {
    if (!this.isRecording()) return this;
    if (this.links.length >= this.shared.limits.linkCountLimit) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links === NO_LINKS) this.links = [];
    this.links.push(link);
    return this;
  }
  addLinks(links: Link[]): this {
    for (const l of links) this.addLink(l);
    return this;
  }
  setStatus(status: SpanStatus): this {
    if (this.isRecording() && this.status.code !== SpanStatusCode.OK) this.status = status.code === SpanStatusCode.ERROR ? { code: status.code, ...(status.message ? { message: status.message } : {}) } : { code: status.code };
    return this;
  }
  updateName(name: string): this {
    if (this.isRecording()) this.name = name;
    return this;
  }
  recordException(exception: Exception, time?: TimeInput): void {
    const e = typeof exception === 'string' ? { message: exception } : exception;
    this.addEvent('exception', { 'exception.type': e.name, 'exception.message': e.message }, time);
  }

  /** The step failed: status error with a one-line reason (never a secret). */
  fail(reason: string): void {
    this.setStatus({ code: SpanStatusCode.ERROR, message: reason });
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.recording) return;
    this.endMs = Math.max(this.startMs, endTime === undefined ? nowMs() : timeMs(endTime));
    this.shared.processor.onEnd(this);
  }

  /** W3C context to put on a message (an unsampled span's too: the receiver keeps the decision). */
  context(): TraceContext | undefined {
    if (this.#carried === null) {
      const carried: { -readonly [K in keyof Carried]: Carried[K] } | undefined = spanTraceContext(this);
      if (carried) carried[SPAN_CONTEXT] = this.context_;
      this.#carried = carried;
    }
    return this.#carried;
  }

  /** The context `within` runs in: this span on the root (an actor's work inherits no ambient
   * context), made once per span however often the span is entered. */
  active(): Context {
    return (this.#active ??= trace.setSpan(ROOT_CONTEXT, this));
  }
}

export interface ActorTracerOptions extends Shared {
  /** The SDK's sampler; undefined for the default, parentbased_always_on (decided here, exactly as
   * ParentBasedSampler with AlwaysOnSampler would: sampled unless a parent was not). */
  readonly sampler: Sampler | undefined;
  readonly ids: IdGenerator;
}

const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const NOT_RECORDED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

/** The port: ActorSpans sampled by the SDK's sampler, ended into `processor`. */
export function actorTracer(opts: ActorTracerOptions): Tracer {
  const shared: Shared = { processor: opts.processor, resource: opts.resource, scope: opts.scope, limits: opts.limits };
  const { sampler, ids } = opts;
  return {
    enabled: true,
    start(name: string, options: SpanOptions = {}): TraceSpan {
      const parent = options.parent ? carriedSpanContext(options.parent) : undefined;
      const kind = KINDS[options.kind ?? 'internal'];
      let links: Link[] = NO_LINKS;
      if (options.links?.length) {
        for (const l of options.links) {
          const c = carriedSpanContext(l);
          if (c) (links === NO_LINKS ? (links = []) : links).push({ context: c });
        }
      }
      const traceId = parent ? parent.traceId : ids.generateTraceId();
      const spanId = ids.generateSpanId();
      const attributes = options.attributes as Attributes | undefined;
      const decision = sampler
        ? sampler.shouldSample(parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT, traceId, name, kind, attributes ?? {}, links)
        : !parent || parent.traceFlags & TraceFlags.SAMPLED ? SAMPLED : NOT_RECORDED;
      const sampled = decision.decision === SamplingDecision.RECORD_AND_SAMPLED;
      const traceState = decision.traceState ?? parent?.traceState;
      const spanContext: SpanContext = traceState
        ? { traceId, spanId, traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, traceState }
        : { traceId, spanId, traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE };
      const span = new ActorSpan(shared, spanContext, name, kind, parent, decision.decision !== SamplingDecision.NOT_RECORD);
      if (attributes) span.setAttributes(attributes);
      if (decision.attributes) span.setAttributes(decision.attributes);
      if (links.length) span.addLinks(links);
      return span;
    },
    within<T>(span: TraceSpan, fn: () => T): T {
      return span instanceof ActorSpan ? context.with(span.active(), fn) : fn();
    },
  };
}
