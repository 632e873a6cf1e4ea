// An OTLP/HTTP trace receiver for tests: POST /v1/traces with a protobuf ExportTraceServiceRequest,
// decoded with protobufjs against the message definitions of opentelemetry-proto (trace, common,
// resource: the fields used here), kept raw too so a test can scan every byte the SDK sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package opentelemetry.proto;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  repeated Event events = 11; uint32 dropped_events_count = 12;
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
  repeated Link links = 13; uint32 dropped_links_count = 14;
  Status status = 15;
  enum SpanKind { SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2; SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5; }
}
message Status { string message = 2; StatusCode code = 3; enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; } }
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const Request = root.lookupType('opentelemetry.proto.ExportTraceServiceRequest');
const Response = root.lookupType('opentelemetry.proto.ExportTraceServiceResponse');

export type Value = string | number | boolean | Value[] | { [k: string]: Value } | undefined;

/** One span as received, ids in lowercase hex. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly attributes: Record<string, Value>;
  readonly events: { name: string; attributes: Record<string, Value> }[];
  readonly links: { traceId: string; spanId: string }[];
  readonly status: { code: string; message: string };
  readonly resource: Record<string, Value>;
  readonly scope: string;
}

interface KV { key: string; value?: AnyValue }
interface AnyValue { string_value?: string; bool_value?: boolean; int_value?: number | string; double_value?: number; array_value?: { values?: AnyValue[] }; kvlist_value?: { values?: KV[] }; bytes_value?: Uint8Array }

function value(v: AnyValue | undefined): Value {
  if (!v) return undefined;
  if (v.string_value !== undefined) return v.string_value;
  if (v.bool_value !== undefined) return v.bool_value;
  if (v.int_value !== undefined) return Number(v.int_value);
  if (v.double_value !== undefined) return v.double_value;
  if (v.array_value) return (v.array_value.values ?? []).map(value);
  if (v.kvlist_value) return attrs(v.kvlist_value.values);
  if (v.bytes_value) return Buffer.from(v.bytes_value).toString('hex');
  return undefined;
}
const attrs = (kvs: KV[] | undefined): Record<string, Value> => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, value(kv.value)]));
const hex = (b: Uint8Array | undefined): string => (b && b.length ? Buffer.from(b).toString('hex') : '');

export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Every request body as it arrived (after gunzip), for scanning. */
  readonly bodies: Buffer[];
  /** Requests that were not a decodable ExportTraceServiceRequest. */
  readonly rejected: string[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port); `url` is the OTLP endpoint (…/v1/traces is appended by the SDK). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: Buffer[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        if (req.method !== 'POST' || req.url !== '/v1/traces') throw new Error(`${req.method} ${req.url}`);
        if (req.headers['content-type'] !== 'application/x-protobuf') throw new Error(`content-type ${req.headers['content-type']}`);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        bodies.push(body);
        const decoded = Request.toObject(Request.decode(body), { longs: String, defaults: true }) as { resource_spans: { resource?: { attributes?: KV[] }; scope_spans: { scope?: { name?: string }; spans: Record<string, unknown>[] }[] }[] };
        for (const rs of decoded.resource_spans) {
          const resource = attrs(rs.resource?.attributes);
          for (const ss of rs.scope_spans) {
            for (const s of ss.spans as unknown as { trace_id: Uint8Array; span_id: Uint8Array; parent_span_id: Uint8Array; name: string; kind: string | number; start_time_unix_nano: string; end_time_unix_nano: string; attributes: KV[]; events: { name: string; attributes: KV[] }[]; links: { trace_id: Uint8Array; span_id: Uint8Array }[]; status?: { code?: string | number; message?: string } }[]) {
              spans.push({
                traceId: hex(s.trace_id), spanId: hex(s.span_id), parentSpanId: hex(s.parent_span_id), name: s.name,
                kind: String(s.kind), startNs: BigInt(s.start_time_unix_nano), endNs: BigInt(s.end_time_unix_nano),
                attributes: attrs(s.attributes), events: s.events.map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
                links: s.links.map((l) => ({ traceId: hex(l.trace_id), spanId: hex(l.span_id) })),
                status: { code: String(s.status?.code ?? 0), message: s.status?.message ?? '' }, resource, scope: ss.scope?.name ?? '',
              });
            }
          }
        }
        const out = Buffer.from(Response.encode(Response.create({})).finish());
        res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': out.length }).end(out);
      } catch (error) {
        rejected.push(String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, rejected,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The spans of one trace, and helpers to walk its tree. */
export function traceTree(spans: readonly ReceivedSpan[], traceId: string) {
  const mine = spans.filter((s) => s.traceId === traceId);
  const byId = new Map(mine.map((s) => [s.spanId, s]));
  return {
    spans: mine,
    named: (name: string | RegExp) => mine.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name))),
    parentOf: (s: ReceivedSpan) => byId.get(s.parentSpanId),
    /** True when `ancestor` is above `s` in the tree. */
    under: (s: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
      for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) if (p.spanId === ancestor.spanId) return true;
      return false;
    },
  };
}
