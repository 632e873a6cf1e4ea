// Spans written as OTLP bytes once when they end (infra/telemetry/otlp.ts, export.ts): what the
// exporter sends is decoded by the test's receiver with protobufjs against opentelemetry-proto's
// definitions, and must say exactly what the spans said (every attribute type, non-ASCII and long
// values, events, links, status, parents, scopes, the resource); the ring of recent spans reads the
// same bytes back the same; the queue bound drops and counts; the ring of bytes drops the oldest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { memoryLogger } from '../../infra/log.ts';
import { RecentSpans } from '../../infra/telemetry/index.ts';
import { OtlpSpanExport } from '../../infra/telemetry/export.ts';
import { BATCH_DEFAULTS } from '../../infra/config/index.ts';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.ts';

let receiver: OtlpReceiver;
test.before(async () => {
  receiver = await startOtlpReceiver();
});
test.after(async () => {
  await receiver.close();
});

function provider(processor: SpanProcessor): { tracer: (name: string) => Tracer; provider: TracerProvider } {
  const p = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'otlp-test', 'service.instance.id': 'node-7' }), spanProcessors: [processor] });
  return { provider: p, tracer: (name) => p.getTracer(name, '1.2.3') };
}

const LONG = 'Dolar/TL yükselişte, BIST bankalarda satış ağır; ' .repeat(8);
// Strings around the writer's cases: ASCII up to 127 units and at 128; non-ASCII after a long ASCII
// start (43–127 units, written as ASCII until the first ş, then again as UTF-8); a surrogate pair.
const EDGES = {
  ascii127: 'a'.repeat(127), ascii128: 'b'.repeat(128), lateTurkish: `${'x'.repeat(60)} ve sonra ş`, lateAt42: `${'y'.repeat(41)}ğ`, emoji: `roket ${'z'.repeat(50)} 🚀`,
};

test('every field a span has reaches the receiver as it was, and the recent store reads it back the same', async () => {
  const recent = new RecentSpans();
  const exporter = new OtlpSpanExport({ tracesUrl: `${receiver.url}/v1/traces`, batch: BATCH_DEFAULTS, recent, logger: memoryLogger() });
  const { provider: p, tracer } = provider(exporter);
  const before = receiver.spans.length;
  const root = tracer('piyasa').startSpan('chat.turn', { kind: SpanKind.INTERNAL, attributes: { 'piyasa.chat.id': 'demo', 'piyasa.message.id': 42 } }, ROOT_CONTEXT);
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  const linked = tracer('piyasa').startSpan('chat.human', {}, ROOT_CONTEXT);
  const child = tracer('piyasa.llm').startSpan('chat llama', {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.usage.input_tokens': 1234, 'negative': -5, 'ratio': 0.25, 'ok': true, 'turkish': 'ığüşöç İĞÜŞÖÇ', 'long': LONG, ...EDGES,
      'words': ['bir', 'iki', 'üç'], 'numbers': [1, 2.5, 3],
    },
    links: [{ context: linked.spanContext() }],
  }, parent);
  child.addEvent('dedup.regenerate', { 'piyasa.compose.attempt': 2, 'why': 'near-duplicate' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'quota: 429 from the model' });
  for (let i = 0; i < 100; i++) child.setAttribute(`k${i}`, `${'v'.repeat(200)}${i}`); // a span body over 16 KiB: three-byte lengths
  child.end();
  linked.end();
  root.end();
  await p.forceFlush();
  const got = receiver.spans.slice(before);
  assert.is(got.length, 3);
  const llm = got.find((s) => s.name === 'chat llama')!;
  const turn = got.find((s) => s.name === 'chat.turn')!;
  assert.is(llm.traceId, root.spanContext().traceId);
  assert.is(llm.spanId, child.spanContext().spanId);
  assert.is(llm.parentSpanId, turn.spanId);
  assert.is(turn.parentSpanId, '');
  assert.is(llm.scope, 'piyasa.llm');
  assert.is(turn.scope, 'piyasa');
  assert.is(llm.kind, '3');
  assert.is(llm.resource['service.instance.id'], 'node-7');
  for (const [k, v] of Object.entries({ 'gen_ai.usage.input_tokens': 1234, negative: -5, ratio: 0.25, ok: true, turkish: 'ığüşöç İĞÜŞÖÇ', long: LONG, ...EDGES, k99: `${'v'.repeat(200)}99` })) assert.equal(llm.attributes[k], v, k);
  assert.equal(llm.attributes.words, ['bir', 'iki', 'üç']);
  assert.equal(llm.attributes.numbers, [1, 2.5, 3]);
  assert.equal(llm.events, [{ name: 'dedup.regenerate', attributes: { 'piyasa.compose.attempt': 2, why: 'near-duplicate' } }]);
  assert.equal(llm.links, [{ traceId: linked.spanContext().traceId, spanId: linked.spanContext().spanId }]);
  assert.equal(llm.status, { code: '2', message: 'quota: 429 from the model' });
  const ns = (t: readonly [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
  const ended = child as unknown as ReadableSpan;
  assert.is(llm.startNs, ns(ended.startTime), 'the start to the nanosecond');
  assert.is(llm.endNs, ns(ended.endTime));

  const kept = recent.trace(root.spanContext().traceId)!;
  assert.is(kept.length, 2);
  const back = kept.find((s) => s.name === 'chat llama')!;
  assert.is(back.parentSpanId, turn.spanId);
  assert.is(back.kind, 'client');
  assert.is(back.status, 'error');
  assert.is(back.statusMessage, 'quota: 429 from the model');
  assert.is(back.attributes.long, LONG);
  for (const [k, v] of Object.entries(EDGES)) assert.is(back.attributes[k], v, k);
  assert.is(back.attributes.turkish, 'ığüşöç İĞÜŞÖÇ');
  assert.is(back.attributes.negative, -5);
  assert.is(back.attributes.words, 'bir,iki,üç');
  assert.is(back.node, 'node-7');
  assert.equal(back.events.map((e) => e.name), ['dedup.regenerate']);
  assert.ok(Math.abs(back.start - Number(llm.startNs / 1_000_000n)) < 1);
  assert.is(recent.traceOf('demo', 42), root.spanContext().traceId);
  await p.shutdown();
});

test('the queue is bounded: spans beyond it, not yet sent, are dropped and counted', async () => {
  const exporter = new OtlpSpanExport({ tracesUrl: `${receiver.url}/v1/traces`, batch: { ...BATCH_DEFAULTS, maxQueueSize: 10, maxExportBatchSize: 5 }, logger: memoryLogger() });
  const { provider: p, tracer } = provider(exporter);
  const before = receiver.spans.length;
  for (let i = 0; i < 30; i++) tracer('piyasa').startSpan(`s${i}`, {}, ROOT_CONTEXT).end();
  await p.forceFlush();
  assert.is(exporter.dropped, 20);
  assert.equal(receiver.spans.slice(before).map((s) => s.name), ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
  for (let i = 0; i < 3; i++) tracer('piyasa').startSpan(`after${i}`, {}, ROOT_CONTEXT).end();
  await p.forceFlush();
  assert.is(receiver.spans.length - before, 13, 'sent again once the queue drained');
  await p.shutdown();
});

test('a collector that is gone: the export fails, is counted and logged once, and nothing throws', async () => {
  const logger = memoryLogger();
  process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = '1000'; // the transport's retries give up after a second
  const exporter = new OtlpSpanExport({ tracesUrl: 'http://127.0.0.1:9/v1/traces', batch: BATCH_DEFAULTS, logger });
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT;
  const { provider: p, tracer } = provider(exporter);
  tracer('piyasa').startSpan('lost', {}, ROOT_CONTEXT).end();
  await p.forceFlush();
  tracer('piyasa').startSpan('lost too', {}, ROOT_CONTEXT).end();
  await p.forceFlush();
  assert.is(exporter.failed, 2);
  assert.is(logger.lines.filter((l) => l.event === 'tracing.export-failed').length, 1);
  await p.shutdown();
});

test('the ring of bytes keeps the newest spans when their bytes run out before their count does', () => {
  const recent = new RecentSpans({ maxSpans: 100, maxBytes: 2_000 });
  const { tracer } = provider(recent);
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const s = tracer('piyasa').startSpan(`span ${i}`, { attributes: { pad: 'x'.repeat(150) } }, ROOT_CONTEXT);
    s.end();
    ids.push(s.spanContext().traceId);
  }
  const kept = recent.recent(100).map((t) => t.traceId);
  assert.ok(kept.length > 0 && kept.length < 40, `${kept.length} kept`);
  assert.equal(kept, ids.slice(-kept.length).reverse(), 'the newest, newest first');
  assert.is(recent.trace(ids[39]!)![0]!.attributes.pad, 'x'.repeat(150));
  assert.is(recent.trace(ids[0]!), undefined);
  assert.is(recent.ended, 40);
});

test.run();
