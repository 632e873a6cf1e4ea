// The node's recent traces in memory, for the page's waterfall and `piyasa trace` without Jaeger: a
// span processor that keeps the last traces (bounded in traces and in spans per trace) and finds the
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

/** A message's key: chat (the config's id or Telegram's) and message id. */
const messageKey = (chat: string, messageId: number | string): string => `${chat}:${messageId}`;

/** Keys in insertion order, oldest first, for evicting from a Map without iterating it (a Map whose
 * oldest entries keep being deleted makes `keys().next()` walk every hole they leave). */
class Fifo {
  private items: string[] = [];
  private head = 0;
  push(key: string): void {
    this.items.push(key);
  }
  get size(): number {
    return this.items.length - this.head;
  }
  shift(): string {
    const key = this.items[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }
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

export class RecentSpans implements SpanProcessor {
  private readonly traces = new Map<string, ReadableSpan[]>();
  private readonly traceOrder = new Fifo();
  private readonly messages = new Map<string, string>();
  private readonly messageOrder = new Fifo();
  private readonly maxTraces: number;
  private readonly maxSpans: number;
  /** Spans ended since the start (kept or not). */
  ended = 0;

  constructor(opts: RecentSpansOptions = {}) {
    this.maxTraces = opts.maxTraces ?? 1_000;
    this.maxSpans = opts.maxSpansPerTrace ?? 256;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.ended++;
    const traceId = span.spanContext().traceId;
    let spans = this.traces.get(traceId);
    if (!spans) {
      this.traces.set(traceId, (spans = []));
      this.traceOrder.push(traceId);
      if (this.traceOrder.size > this.maxTraces) this.traces.delete(this.traceOrder.shift());
    }
    if (spans.length < this.maxSpans) spans.push(span);
    const a = span.attributes;
    if (a['piyasa.message.id'] !== undefined) this.index(a['piyasa.chat.id'], a['piyasa.message.id'], traceId);
    if (a['telegram.message.id'] !== undefined) this.index(a['telegram.chat.id'], a['telegram.message.id'], traceId);
  }

  private index(chat: unknown, messageId: unknown, traceId: string): void {
    if (chat === undefined) return;
    const key = messageKey(String(chat), String(messageId));
    // The first trace of a message is its own (a person's message, or the turn that sent it).
    if (this.messages.has(key)) return;
    this.messages.set(key, traceId);
    this.messageOrder.push(key);
    if (this.messageOrder.size > 4 * this.maxTraces) this.messages.delete(this.messageOrder.shift());
  }

  /** The spans kept of `traceId`, oldest start first. */
  trace(traceId: string): StoredSpan[] | undefined {
    const spans = this.traces.get(traceId.toLowerCase());
    return spans ? spans.map(stored).sort((a, b) => a.start - b.start) : undefined;
  }

  /** The trace of message `messageId` in `chat` (the config's chat id or Telegram's). */
  traceOf(chat: string, messageId: number): string | undefined {
    return this.messages.get(messageKey(chat, messageId));
  }

  /** The newest traces: id, root span name, start and span count. */
  recent(limit = 50): { traceId: string; name: string; start: number; spans: number }[] {
    const out: { traceId: string; name: string; start: number; spans: number }[] = [];
    for (const [traceId, spans] of this.traces) {
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
