// A finished span as OTLP protobuf bytes (opentelemetry-proto's trace.v1.Span), written once when the
// span ends, and read back when the page or `piyasa trace` asks. The export batch and the ring of
// recent spans both hold these bytes, so no span object outlives its end: at thousands of spans a
// second, span objects held for a batch or a ring were promoted out of the young generation and
// cost the collector more than building them did.
import { SpanKind, SpanStatusCode, type Attributes, type AttributeValue, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanValue } from '../../actors/index.ts';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

const HEX = '0123456789abcdef';
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[HEX.charCodeAt(i)] = i;
  HEX_VALUE[HEX.toUpperCase().charCodeAt(i)] = i;
}

/** The nanoseconds of epoch milliseconds `ms` past its whole second `s`. */
const nanosAfter = (ms: number, s: number): number => Math.min(999_999_999, Math.round((ms - s * 1000) * 1e6));

/** Epoch milliseconds (fractional) as the SDK's [seconds, nanoseconds]. */
export function toHrTime(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, nanosAfter(ms, s)];
}

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** `src[start, end)` into `dst` at `at`: a typed-array copy, without Buffer#copy's argument checks
 * and runtime call (it cost more than the bytes, at a few hundred bytes a span). */
export function copyBytes(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): void {
  dst.set(new Uint8Array(src.buffer, src.byteOffset + start, end - start), at);
}

/** A growable buffer of protobuf fields. A nested message is opened with `open` (one byte kept for its
 * length) and closed with `close`, which moves the body when the length needs more than that byte. */
export class ProtoWriter {
  /** A Buffer: strings are written into it in place (`write`), with no copy made on the way. */
  buf: Buffer;
  pos = 0;
  private view: DataView;

  constructor(size = 4096) {
    this.buf = Buffer.allocUnsafeSlow(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /** A non-negative integer below 2^53. */
  varint(n: number): void {
    this.room(10);
    while (n > 0x7f) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  open(field: number): number {
    this.tag(field, LEN);
    this.room(1);
    return this.pos++;
  }

  close(at: number): void {
    const len = this.pos - at - 1;
    if (len < 0x80) {
      this.buf[at] = len;
      return;
    }
    const extra = varintSize(len) - 1;
    this.room(extra);
    this.buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    const end = this.pos + extra;
    this.pos = at;
    this.varint(len);
    this.pos = end;
  }

  string(field: number, s: string): void {
    this.tag(field, LEN);
    const n = s.length;
    if (n < 0x80) {
      // Room for the worst case (3 bytes a UTF-16 unit) and one byte of length. ASCII — keys, ids,
      // names, most values — is copied here a unit a byte, with no call into the runtime per string.
      this.room(1 + 3 * n);
      const buf = this.buf;
      const at = this.pos + 1;
      let i = 0;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = at + n;
        return;
      }
      if (n <= 42) {
        // Under 128 bytes however it encodes: one byte of length, known after writing.
        const written = buf.write(s, at, 'utf8');
        buf[this.pos] = written;
        this.pos = at + written;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.varint(len);
    this.room(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** A lowercase or uppercase hex id as bytes. */
  hex(field: number, id: string): void {
    const n = id.length >> 1;
    this.tag(field, LEN);
    this.varint(n);
    this.room(n);
    for (let i = 0; i < n; i++) this.buf[this.pos++] = (HEX_VALUE[id.charCodeAt(2 * i)]! << 4) | HEX_VALUE[id.charCodeAt(2 * i + 1)]!;
  }

  raw(bytes: Buffer, start: number, end: number): void {
    this.room(end - start);
    copyBytes(bytes, start, end, this.buf, this.pos);
    this.pos += end - start;
  }

  /** fixed64 nanoseconds of `t` = [seconds, nanoseconds], in exact double arithmetic (no BigInt on
   * the path of every span): seconds split in 16-bit halves keep every product below 2^53. */
  time(field: number, t: HrTime): void {
    this.nanos(field, t[0], t[1]);
  }

  /** fixed64 nanoseconds of epoch milliseconds `ms` (fractional, as performance.now() gives). */
  timeMs(field: number, ms: number): void {
    const s = Math.floor(ms / 1000);
    this.nanos(field, s, nanosAfter(ms, s));
  }

  private nanos(field: number, seconds: number, nanos: number): void {
    this.tag(field, FIXED64);
    this.room(8);
    const high = Math.floor(seconds / 0x10000) * 1e9;
    const x = (high % 0x10000) * 0x10000 + (seconds % 0x10000) * 1e9 + nanos;
    this.view.setUint32(this.pos, x % 0x100000000, true);
    this.view.setUint32(this.pos + 4, Math.floor(high / 0x10000) + Math.floor(x / 0x100000000), true);
    this.pos += 8;
  }

  fixed32(field: number, v: number): void {
    this.tag(field, FIXED32);
    this.room(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  double(field: number, v: number): void {
    this.tag(field, FIXED64);
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  int64(field: number, v: number): void {
    this.tag(field, VARINT);
    if (v >= 0) {
      this.varint(v);
      return;
    }
    // Two's complement over 64 bits: ten bytes.
    let b = BigInt.asUintN(64, BigInt(v));
    this.room(10);
    while (b > 0x7fn) {
      this.buf[this.pos++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.buf[this.pos++] = Number(b);
  }
}

function anyValue(w: ProtoWriter, field: number, v: AttributeValue): void {
  const at = w.open(field);
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') {
    w.tag(2, VARINT);
    w.varint(v ? 1 : 0);
  } else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) w.int64(3, v);
    else w.double(4, v);
  } else if (Array.isArray(v)) {
    const list = w.open(5);
    for (const item of v) if (item !== null && item !== undefined) anyValue(w, 1, item);
    w.close(list);
  }
  w.close(at);
}

/** Attributes as repeated KeyValue in `field`; undefined and null values are left out. */
export function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes | undefined): void {
  for (const key in attributes) {
    const v = attributes[key];
    if (v === undefined || v === null) continue;
    const at = w.open(field);
    w.string(1, key);
    anyValue(w, 2, v);
    w.close(at);
  }
}

const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/** The body of a Span message (without its own tag and length), the fields in the proto's order. */
export function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const c = span.spanContext();
  w.hex(1, c.traceId);
  w.hex(2, c.spanId);
  const state = c.traceState?.serialize();
  if (state) w.string(3, state);
  const parent = span.parentSpanContext;
  if (parent?.spanId) w.hex(4, parent.spanId);
  w.string(5, span.name);
  w.tag(6, VARINT);
  w.varint(span.kind + 1);
  // The actors' spans (tracer.ts) keep epoch ms: no HrTime pairs made to be written.
  const ms = span as Partial<{ readonly startMs: number; readonly endMs: number }>;
  if (ms.startMs !== undefined && ms.endMs !== undefined) {
    w.timeMs(7, ms.startMs);
    w.timeMs(8, ms.endMs);
  } else {
    w.time(7, span.startTime);
    w.time(8, span.endTime);
  }
  writeAttributes(w, 9, span.attributes);
  if (span.droppedAttributesCount) {
    w.tag(10, VARINT);
    w.varint(span.droppedAttributesCount);
  }
  for (const e of span.events) {
    const at = w.open(11);
    w.time(1, e.time);
    w.string(2, e.name);
    writeAttributes(w, 3, e.attributes);
    w.close(at);
  }
  if (span.droppedEventsCount) {
    w.tag(12, VARINT);
    w.varint(span.droppedEventsCount);
  }
  for (const l of span.links) {
    const at = w.open(13);
    w.hex(1, l.context.traceId);
    w.hex(2, l.context.spanId);
    const linkState = l.context.traceState?.serialize();
    if (linkState) w.string(3, linkState);
    writeAttributes(w, 4, l.attributes);
    w.fixed32(6, (l.context.traceFlags & 0xff) | HAS_IS_REMOTE | (l.context.isRemote ? IS_REMOTE : 0));
    w.close(at);
  }
  if (span.droppedLinksCount) {
    w.tag(14, VARINT);
    w.varint(span.droppedLinksCount);
  }
  const status = w.open(15);
  if (span.status.message) w.string(2, span.status.message);
  if (span.status.code) {
    w.tag(3, VARINT);
    w.varint(span.status.code);
  }
  w.close(status);
  w.fixed32(16, (c.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0));
}

// ---- reading back (the page, `piyasa trace`) ----

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

const KIND_NAMES: Record<number, string> = {
  [SpanKind.INTERNAL + 1]: 'internal', [SpanKind.SERVER + 1]: 'server', [SpanKind.CLIENT + 1]: 'client', [SpanKind.PRODUCER + 1]: 'producer', [SpanKind.CONSUMER + 1]: 'consumer',
};

/** Reads the fields of one message between `pos` and `end`. */
class ProtoReader {
  private readonly view: DataView;
  private readonly decoder = new TextDecoder();
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  more(): boolean {
    return this.pos < this.end;
  }
  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }
  /** A varint read as a signed 64-bit integer (int64). */
  int64(): number {
    let b = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buf[this.pos++]!;
      b |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return Number(BigInt.asIntN(64, b));
      shift += 7n;
    }
  }
  /** A length-delimited field: a reader over its bytes (and this one moved past them). */
  sub(): ProtoReader {
    const len = this.varint();
    const r = new ProtoReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }
  string(): string {
    const r = this.sub();
    return this.decoder.decode(this.buf.subarray(r.pos, r.end));
  }
  hex(): string {
    const r = this.sub();
    let s = '';
    for (let i = r.pos; i < r.end; i++) s += HEX[this.buf[i]! >> 4]! + HEX[this.buf[i]! & 15]!;
    return s;
  }
  /** fixed64 nanoseconds as epoch ms. */
  ms(): number {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return Number(v / 1000n) / 1000;
  }
  double(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.pos += 8;
    else if (wire === LEN) this.pos += this.varint();
    else if (wire === FIXED32) this.pos += 4;
    else throw new Error(`protobuf: wire type ${wire} not supported`);
  }
}

function readAny(r: ProtoReader): SpanValue | undefined {
  let out: SpanValue | undefined;
  while (r.more()) {
    const key = r.varint();
    const field = key >>> 3;
    if (field === 1) out = r.string();
    else if (field === 2) out = r.varint() !== 0;
    else if (field === 3) out = r.int64();
    else if (field === 4) out = r.double();
    else if (field === 5) {
      const list = r.sub();
      const items: string[] = [];
      while (list.more()) {
        list.varint();
        const v = readAny(list.sub());
        if (v !== undefined) items.push(String(v));
      }
      out = items.join(',');
    } else r.skip(key & 7);
  }
  return out;
}

function readKeyValue(r: ProtoReader, into: Record<string, SpanValue>): void {
  let key = '';
  let value: SpanValue | undefined;
  while (r.more()) {
    const tag = r.varint();
    if (tag >>> 3 === 1) key = r.string();
    else if (tag >>> 3 === 2) value = readAny(r.sub());
    else r.skip(tag & 7);
  }
  if (value !== undefined) into[key] = value;
}

/** The span whose Span message body is `buf[start, end)`. */
export function readSpan(buf: Uint8Array, start: number, end: number, node: string): StoredSpan {
  const r = new ProtoReader(buf, start, end);
  let traceId = '';
  let spanId = '';
  let parentSpanId: string | undefined;
  let name = '';
  let kind = 'internal';
  let startMs = 0;
  let endMs = 0;
  let status: StoredSpan['status'] = 'unset';
  let statusMessage: string | undefined;
  const attributes: Record<string, SpanValue> = {};
  const events: { name: string; at: number; attributes: Record<string, SpanValue> }[] = [];
  const links: { traceId: string; spanId: string }[] = [];
  while (r.more()) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1: traceId = r.hex(); break;
      case 2: spanId = r.hex(); break;
      case 4: parentSpanId = r.hex(); break;
      case 5: name = r.string(); break;
      case 6: kind = KIND_NAMES[r.varint()] ?? 'internal'; break;
      case 7: startMs = r.ms(); break;
      case 8: endMs = r.ms(); break;
      case 9: readKeyValue(r.sub(), attributes); break;
      case 11: {
        const e = r.sub();
        const event = { name: '', at: 0, attributes: {} as Record<string, SpanValue> };
        while (e.more()) {
          const t = e.varint();
          if (t >>> 3 === 1) event.at = e.ms();
          else if (t >>> 3 === 2) event.name = e.string();
          else if (t >>> 3 === 3) readKeyValue(e.sub(), event.attributes);
          else e.skip(t & 7);
        }
        events.push(event);
        break;
      }
      case 13: {
        const l = r.sub();
        const link = { traceId: '', spanId: '' };
        while (l.more()) {
          const t = l.varint();
          if (t >>> 3 === 1) link.traceId = l.hex();
          else if (t >>> 3 === 2) link.spanId = l.hex();
          else l.skip(t & 7);
        }
        links.push(link);
        break;
      }
      case 15: {
        const s = r.sub();
        while (s.more()) {
          const t = s.varint();
          if (t >>> 3 === 2) statusMessage = s.string();
          else if (t >>> 3 === 3) {
            const code = s.varint();
            status = code === SpanStatusCode.ERROR ? 'error' : code === SpanStatusCode.OK ? 'ok' : 'unset';
          } else s.skip(t & 7);
        }
        break;
      }
      default: r.skip(tag & 7);
    }
  }
  return {
    traceId, spanId, ...(parentSpanId ? { parentSpanId } : {}), name, kind, start: startMs, durationMs: endMs - startMs,
    status, ...(statusMessage ? { statusMessage } : {}), attributes, events, links, node,
  };
}

/** The trace id of the Span body at `buf[start..]`, without reading the rest (field 1 comes first). */
export function readTraceId(buf: Uint8Array, start: number): string {
  const r = new ProtoReader(buf, start, buf.length);
  return r.varint() >>> 3 === 1 ? r.hex() : '';
}
