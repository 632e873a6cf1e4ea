// The node's recent traces in memory, for the page's waterfall and `piyasa trace` without Jaeger: a
// span processor that keeps the last spans (bounded in spans, traces and spans per trace) and finds the
// trace of a message by its chat and message id (the config's ids and Telegram's).
import type { Context } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanValue } from '../../actors/index.ts';

/** One finished span as the page and `piyasa trace` show it. */
export interface StoredSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: string;
  /** Epoch ms (fractional). */
  readonly start: number;
  readonly durationMs: number;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, SpanValue>>;
  readonly events: readonly { readonly name: string; readonly at: number; readonly attributes: Readonly<Record<string, SpanValue>> }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  /** service.instance.id of the node that made it. */
  readonly node: string;
}

export interface RecentSpansOptions {
  /** Traces kept (the oldest go first). Default 1000. */
  readonly maxTraces?: number;
  /** Spans kept per trace. Default 256. */
  readonly maxSpansPerTrace?: number;
  /** Spans kept in all, the newest (the ring the traces are read from). Default 4096. */
  readonly maxSpans?: number;
}

const KIND_NAMES: Record<number, string> = {
  [SpanKind.INTERNAL]: 'internal', [SpanKind.SERVER]: 'server', [SpanKind.CLIENT]: 'client', [SpanKind.PRODUCER]: 'producer', [SpanKind.CONSUMER]: 'consumer',
};
const hrMs = (t: readonly [number, number]): number => t[0] * 1e3 + t[1] / 1e6;

function plain(attributes: Readonly<Record<string, unknown>> | undefined): Record<string, SpanValue> {
  const out: Record<string, SpanValue> = {};
  for (const k in attributes) {
    const v = attributes[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.join(',');
  }
  return out;
}

/** A finished span as the SDK hands it over, made a StoredSpan only when someone asks (the hot path
 * keeps a reference and nothing else). */
function stored(span: ReadableSpan): StoredSpan {
  const c = span.spanContext();
  return {
    traceId: c.traceId, spanId: c.spanId, name: span.name, kind: KIND_NAMES[span.kind] ?? 'internal',
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    start: hrMs(span.startTime), durationMs: hrMs(span.duration),
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
    ...(span.status.message ? { statusMessage: span.status.message } : {}),
    attributes: plain(span.attributes),
    events: span.events.map((e) => ({ name: e.name, at: hrMs(e.time), attributes: plain(e.attributes) })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    node: String(span.resource.attributes['service.instance.id'] ?? ''),
  };
}

/** Whether `span` is about message `messageId` of `chat` (the config's chat id or Telegram's). */
function about(span: ReadableSpan, chat: string, messageId: string): boolean {
  const a = span.attributes;
  const own = a['piyasa.message.id'];
  if (own !== undefined && String(own) === messageId && String(a['piyasa.chat.id']) === chat) return true;
  const telegram = a['telegram.message.id'];
  return telegram !== undefined && String(telegram) === messageId && String(a['telegram.chat.id']) === chat;
}

/** The last spans ended on this node, kept as the SDK hands them over in a ring: ending a span costs a
 * store into an array and nothing else (no map, no index, no copy, on the hot path of every span).
 * Traces, their bounds and the message lookup are worked out from the ring when someone asks (the
 * page's trace view, `piyasa trace`): rare, and a scan of a few thousand spans. */
export class RecentSpans implements SpanProcessor {
  private readonly ring: ReadableSpan[] = [];
  /** Where the next span goes once the ring is full. */
  private next = 0;
  private readonly maxTraces: number;
  private readonly maxSpansPerTrace: number;
  private readonly maxSpans: number;
  /** Spans ended since the start (kept or not). */
  ended = 0;

  constructor(opts: RecentSpansOptions = {}) {
    this.maxTraces = opts.maxTraces ?? 1_000;
    this.maxSpansPerTrace = opts.maxSpansPerTrace ?? 256;
    this.maxSpans = opts.maxSpans ?? 4_096;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.ended++;
    if (this.ring.length < this.maxSpans) {
      this.ring.push(span);
      return;
    }
    this.ring[this.next] = span;
    this.next = this.next + 1 === this.maxSpans ? 0 : this.next + 1;
  }

  /** The kept spans, oldest first. */
  private spans(): ReadableSpan[] {
    return this.next === 0 ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** The newest `maxTraces` traces (in the order their first span ended), each with its first
   * `maxSpansPerTrace` spans. */
  private traces(): Map<string, ReadableSpan[]> {
    const traces = new Map<string, ReadableSpan[]>();
    for (const span of this.spans()) {
      const traceId = span.spanContext().traceId;
      let spans = traces.get(traceId);
      if (!spans) traces.set(traceId, (spans = []));
      if (spans.length < this.maxSpansPerTrace) spans.push(span);
    }
    let extra = traces.size - this.maxTraces;
    for (const traceId of traces.keys()) {
      if (extra-- <= 0) break;
      traces.delete(traceId);
    }
    return traces;
  }

  /** The spans kept of `traceId`, oldest start first. */
  trace(traceId: string): StoredSpan[] | undefined {
    const spans = this.traces().get(traceId.toLowerCase());
    return spans ? spans.map(stored).sort((a, b) => a.start - b.start) : undefined;
  }

  /** The trace of message `messageId` in `chat` (the config's chat id or Telegram's): the first kept
   * span about it says (a person's message, or the turn that sent it). */
  traceOf(chat: string, messageId: number): string | undefined {
    const id = String(messageId);
    for (const span of this.spans()) if (about(span, chat, id)) return span.spanContext().traceId;
    return undefined;
  }

  /** The newest traces: id, root span name, start and span count. */
  recent(limit = 50): { traceId: string; name: string; start: number; spans: number }[] {
    const out: { traceId: string; name: string; start: number; spans: number }[] = [];
    for (const [traceId, spans] of this.traces()) {
      const root = spans.find((s) => s.parentSpanContext === undefined) ?? spans[0]!;
      out.push({ traceId, name: root.name, start: hrMs(root.startTime), spans: spans.length });
    }
    return out.slice(-limit).reverse();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
