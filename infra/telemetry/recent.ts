// The node's recent traces in memory, for the page's waterfall and `piyasa trace` without Jaeger: a
// span processor that keeps the last spans (bounded in spans, bytes, traces and spans per trace) and
// finds the trace of a message by its chat and message id (the config's ids and Telegram's). A span is
// kept as its OTLP bytes (otlp.ts) in a ring of bytes: ending a span costs one copy of a few hundred
// bytes and holds no object, and the spans are read back only when someone asks.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { copyBytes, ProtoWriter, readSpan, readTraceId, writeSpan, type StoredSpan } from './otlp.ts';

export type { StoredSpan } from './otlp.ts';

export interface RecentSpansOptions {
  /** Traces kept (the oldest go first). Default 1000. */
  readonly maxTraces?: number;
  /** Spans kept per trace. Default 256. */
  readonly maxSpansPerTrace?: number;
  /** Spans kept in all, the newest (the ring the traces are read from). Default 4096. */
  readonly maxSpans?: number;
  /** Bytes of encoded spans kept in all. Default 1 KiB a span. */
  readonly maxBytes?: number;
}

/** Whether `span` is about message `messageId` of `chat` (the config's chat id or Telegram's). */
function about(span: StoredSpan, chat: string, messageId: string): boolean {
  const a = span.attributes;
  const own = a['piyasa.message.id'];
  if (own !== undefined && String(own) === messageId && String(a['piyasa.chat.id']) === chat) return true;
  const telegram = a['telegram.message.id'];
  return telegram !== undefined && String(telegram) === messageId && String(a['telegram.chat.id']) === chat;
}

/** The last spans ended on this node, as OTLP bytes in a ring. Traces, their bounds and the message
 * lookup are worked out from the ring when someone asks (the page's trace view, `piyasa trace`): rare,
 * and a read of a few thousand spans. */
export class RecentSpans implements SpanProcessor {
  private readonly bytes: Uint8Array;
  /** Where each kept span's bytes start and end, in the order they ended (a ring of `maxSpans`). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private first = 0;
  private count = 0;
  /** Where the next span's bytes go. */
  private at = 0;
  private readonly scratch = new ProtoWriter();
  private node: string | undefined;
  private readonly maxTraces: number;
  private readonly maxSpansPerTrace: number;
  private readonly maxSpans: number;
  /** Spans ended since the start (kept or not). */
  ended = 0;

  constructor(opts: RecentSpansOptions = {}) {
    this.maxTraces = opts.maxTraces ?? 1_000;
    this.maxSpansPerTrace = opts.maxSpansPerTrace ?? 256;
    this.maxSpans = opts.maxSpans ?? 4_096;
    this.bytes = new Uint8Array(opts.maxBytes ?? this.maxSpans * 1024);
    this.starts = new Int32Array(this.maxSpans);
    this.ends = new Int32Array(this.maxSpans);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.scratch.pos = 0;
    writeSpan(this.scratch, span);
    this.keep(span, this.scratch.buf, 0, this.scratch.pos);
  }

  /** Keeps `span`, already written as `buf[start, end)` (the exporter writes each span once for both). */
  keep(span: ReadableSpan, buf: Buffer, start: number, end: number): void {
    this.ended++;
    this.node ??= String(span.resource.attributes['service.instance.id'] ?? '');
    const len = end - start;
    if (len > this.bytes.length) return;
    if (this.at + len > this.bytes.length) this.at = 0;
    // The bytes about to be written over belong to the oldest spans: they go.
    while (this.count > 0 && this.starts[this.first]! < this.at + len && this.at < this.ends[this.first]!) this.dropOldest();
    if (this.count === this.maxSpans) this.dropOldest();
    const slot = (this.first + this.count) % this.maxSpans;
    copyBytes(buf, start, end, this.bytes, this.at);
    this.starts[slot] = this.at;
    this.ends[slot] = this.at + len;
    this.at += len;
    this.count++;
  }

  private dropOldest(): void {
    this.first = (this.first + 1) % this.maxSpans;
    this.count--;
  }

  /** The kept spans' slots, oldest first. */
  private *slots(): Generator<number> {
    for (let k = 0; k < this.count; k++) yield (this.first + k) % this.maxSpans;
  }

  private read(slot: number): StoredSpan {
    return readSpan(this.bytes, this.starts[slot]!, this.ends[slot]!, this.node ?? '');
  }

  /** The newest `maxTraces` traces (in the order their first span ended), each with the slots of its
   * first `maxSpansPerTrace` spans. */
  private traces(): Map<string, number[]> {
    const traces = new Map<string, number[]>();
    for (const slot of this.slots()) {
      const traceId = readTraceId(this.bytes, this.starts[slot]!);
      let spans = traces.get(traceId);
      if (!spans) traces.set(traceId, (spans = []));
      if (spans.length < this.maxSpansPerTrace) spans.push(slot);
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
    const slots = this.traces().get(traceId.toLowerCase());
    return slots ? slots.map((s) => this.read(s)).sort((a, b) => a.start - b.start) : undefined;
  }

  /** The trace of message `messageId` in `chat` (the config's chat id or Telegram's): the first kept
   * span about it says (a person's message, or the turn that sent it). */
  traceOf(chat: string, messageId: number): string | undefined {
    const id = String(messageId);
    for (const slot of this.slots()) {
      const span = this.read(slot);
      if (about(span, chat, id)) return span.traceId;
    }
    return undefined;
  }

  /** The newest traces: id, root span name, start and span count. */
  recent(limit = 50): { traceId: string; name: string; start: number; spans: number }[] {
    const out: { traceId: string; name: string; start: number; spans: number }[] = [];
    for (const [traceId, slots] of this.traces()) {
      const spans = slots.map((s) => this.read(s));
      const root = spans.find((s) => s.parentSpanId === undefined) ?? spans[0]!;
      out.push({ traceId, name: root.name, start: root.start, spans: spans.length });
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
