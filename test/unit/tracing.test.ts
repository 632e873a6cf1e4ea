// Tracing's pieces in one process: the OTEL_* settings (off unless configured, one-line errors), the
// Tracer port on the SDK (W3C context carried on messages, links, no ambient parent), the in-process
// store and its bounds, log lines with trace_id/span_id inside a span, and nothing at all when off.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trace } from '@opentelemetry/api';
import { ConfigError, otelSettings } from '../../infra/config/index.ts';
import { jsonLogger, memoryLogger } from '../../infra/log.ts';
import { ActorSpan, RecentSpans, startTracing } from '../../infra/telemetry/index.ts';
import { PooledIdGenerator } from '../../infra/telemetry/ids.ts';
import { NOOP_SPAN, NOOP_TRACER, type BotMessage } from '../../actors/index.ts';
import { MemoryBus } from '../../transport/index.ts';
import { busTracing } from '../../infra/root/bus-trace.ts';

test('OTEL settings: off when nothing is configured; an endpoint turns export on; bad values are one line naming the variable', () => {
  assert.is(otelSettings({}).exporting, false);
  const on = otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
  assert.is(on.exporting, true);
  assert.is(on.tracesUrl, 'http://collector:4318/v1/traces');
  assert.is(otelSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://j:4318/custom' }).tracesUrl, 'http://j:4318/custom');
  assert.is(otelSettings({ OTEL_TRACES_EXPORTER: 'otlp' }).tracesUrl, 'http://localhost:4318/v1/traces');
  assert.is(otelSettings({ OTEL_TRACES_EXPORTER: 'otlp' }).exporting, true);
  assert.is(otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).exporting, false);
  assert.is(otelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).exporting, false);
  assert.is(otelSettings({ OTEL_SERVICE_NAME: 'x' }).serviceName, 'x');
  assert.is(otelSettings({ JAEGER_URL: 'http://j:16686/' }).jaegerUrl, 'http://j:16686');
  const bad = (env: Record<string, string>, pattern: RegExp) => {
    try {
      otelSettings(env);
      assert.unreachable('accepted');
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as Error).message, pattern);
    }
  };
  bad({ OTEL_TRACES_EXPORTER: 'zipkin' }, /^OTEL_TRACES_EXPORTER: only "otlp" or "none"/);
  bad({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL: only "http\/protobuf"/);
  bad({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, /^OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
  bad({ OTEL_BSP_MAX_QUEUE_SIZE: '-3' }, /^OTEL_BSP_MAX_QUEUE_SIZE: must be a positive integer/);
  bad({ OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500' }, /must not exceed/);
  bad({ JAEGER_URL: 'ftp://x' }, /^JAEGER_URL/);
  bad({ OTEL_TRACES_SAMPLER: 'sometimes' }, /^OTEL_TRACES_SAMPLER: must be one of always_on, always_off, traceidratio/);
  bad({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, /^OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1/);
  bad({ OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'lots' }, /^OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: must be a positive integer/);
  assert.equal(otelSettings({}).sampler, { root: 'always_on', parentBased: true, ratio: 1 });
  assert.equal(otelSettings({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).sampler, { root: 'traceidratio', parentBased: true, ratio: 0.25 });
  assert.equal(otelSettings({ OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '8' }).limits, { attributeCountLimit: 5, attributeValueLengthLimit: 8, eventCountLimit: 128, linkCountLimit: 128 });
});

test('off: the no-op tracer, nothing registered', async () => {
  const t = startTracing({ settings: otelSettings({}), nodeId: 'n', keepRecent: false, logger: memoryLogger() });
  assert.is(t.tracer, NOOP_TRACER);
  assert.is(t.tracer.start('x'), NOOP_SPAN);
  assert.is(t.recent, undefined);
  assert.not.ok(trace.getTracer('probe').startSpan('probe').isRecording(), 'no SDK behind the API');
  await t.shutdown();
});

test('on: a message carries the context, the receiver continues the trace; links; no ambient parent; logs carry the ids', async () => {
  const t = startTracing({ settings: otelSettings({}), nodeId: 'node-u', keepRecent: true, logger: memoryLogger() });
  try {
    const tracer = t.tracer;
    assert.ok(tracer.enabled);
    const turn = tracer.start('chat.turn', { attributes: { 'piyasa.chat.id': 'demo', 'piyasa.message.id': 7, skipped: undefined } });
    const carried = turn.context()!;
    assert.match(carried.traceparent, new RegExp(`^00-${turn.traceId}-[0-9a-f]{16}-01$`));
    const lines: string[] = [];
    const logger = jsonLogger('info', (l) => lines.push(l));
    let inner = '';
    await tracer.within(turn, async () => {
      await new Promise((r) => setTimeout(r, 5));
      logger.info('inside', { a: 1 });
      // Ambient context is never a parent of an actor's span: a new trace.
      const other = tracer.start('other');
      inner = other.traceId;
      other.end();
    });
    logger.info('outside');
    const compose = tracer.start('bot.compose', { parent: carried, kind: 'consumer' });
    assert.is(compose.traceId, turn.traceId, 'the same trace');
    compose.addEvent('dedup.verdict', { 'piyasa.dedup.verdict': 'unique' });
    compose.end();
    const answer = tracer.start('chat.turn', { links: [carried] });
    assert.ok(answer.traceId !== turn.traceId && inner !== turn.traceId);
    answer.end();
    turn.fail('dropped: stale');
    turn.end();

    const inside = JSON.parse(lines[0]!);
    assert.is(inside.trace_id, turn.traceId);
    assert.match(inside.span_id, /^[0-9a-f]{16}$/);
    assert.is(JSON.parse(lines[1]!).trace_id, undefined, 'no ids outside a span');

    const spans = t.recent!.trace(turn.traceId)!;
    assert.equal(spans.map((s) => s.name).sort(), ['bot.compose', 'chat.turn']);
    const root = spans.find((s) => s.name === 'chat.turn')!;
    assert.is(spans.find((s) => s.name === 'bot.compose')!.parentSpanId, root.spanId);
    assert.is(root.status, 'error');
    assert.is(root.node, 'node-u');
    assert.not.ok('skipped' in root.attributes);
    assert.is(t.recent!.traceOf('demo', 7), turn.traceId);
    assert.equal(t.recent!.trace(answer.traceId)![0]!.links, [{ traceId: turn.traceId, spanId: root.spanId }]);
  } finally {
    await t.shutdown();
  }
  assert.not.ok(trace.getTracer('probe').startSpan('probe').isRecording(), 'shutdown unregistered the SDK');
});

test('over a bus with traced hops: turn → bus.send (producer) → bus.receive (consumer) → the receiver\'s span', async () => {
  const t = startTracing({ settings: otelSettings({}), nodeId: 'hop-node', keepRecent: true, logger: memoryLogger() });
  try {
    const hops = busTracing(t.tracer, true);
    const bus = new MemoryBus();
    const got: BotMessage[] = [];
    bus.host('bot', (to, m, envelope) => void got.push(hops.received(to, m as BotMessage, envelope)));
    const turn = t.tracer.start('chat.turn');
    const message = { kind: 'cancelled', turnId: 1, chatId: 'demo' } as BotMessage;
    assert.is(hops.sendOptions({ kind: 'bot', id: 'b1' }, message), undefined, 'no trace, no span');
    const compose = { kind: 'react', turnId: 2, chatId: 'demo', timeZone: 'UTC', target: {} , trace: turn.context()! } as unknown as BotMessage;
    bus.send({ kind: 'bot', id: 'b1' }, compose, hops.sendOptions({ kind: 'bot', id: 'b1' }, compose));
    const received = got[0] as { trace: { traceparent: string } };
    const child = t.tracer.start('bot.react', { parent: received.trace });
    child.end();
    turn.end();
    const spans = t.recent!.trace(turn.traceId)!;
    const by = (name: string) => spans.find((s) => s.name === name)!;
    assert.is(by('bus.send bot').parentSpanId, by('chat.turn').spanId);
    assert.is(by('bus.send bot').kind, 'producer');
    assert.is(by('bus.send bot').attributes['messaging.destination.name'], 'bot.b1');
    assert.is(by('bus.receive bot').parentSpanId, by('bus.send bot').spanId);
    assert.is(by('bus.receive bot').kind, 'consumer');
    assert.is(by('bot.react').parentSpanId, by('bus.receive bot').spanId);
  } finally {
    await t.shutdown();
  }
});

test('the actors\' spans follow the SDK\'s settings: sampler, span limits, resource; an adapter\'s SDK span inside `within` is their child', async () => {
  process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=probe';
  const env = { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '3', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5', OTEL_SPAN_EVENT_COUNT_LIMIT: '1' };
  const t = startTracing({ settings: otelSettings(env), nodeId: 'limits', keepRecent: true, logger: memoryLogger() });
  try {
    const span = t.tracer.start('chat.turn', { attributes: { a: 'abcdefgh', b: 2, c: true, d: 'dropped', e: undefined } });
    span.setAttributes({ a: 'xy', f: 'dropped too' });
    span.addEvent('one', { k: 'v' });
    span.addEvent('two');
    await t.tracer.within(span, async () => {
      await new Promise((r) => setTimeout(r, 1));
      trace.getTracer('adapter').startSpan('telegram.sendMessage').end();
    });
    span.end();
    assert.instance(span, ActorSpan);
    const resource = (span as ActorSpan).resource.attributes;
    assert.is(resource['deployment.environment'], 'probe', 'OTEL_RESOURCE_ATTRIBUTES');
    assert.is(resource['service.instance.id'], 'limits');
    const spans = t.recent!.trace(span.traceId)!;
    const turn = spans.find((s) => s.name === 'chat.turn')!;
    assert.equal(turn.attributes, { a: 'xy', b: 2, c: true }, 'three attributes kept, values cut to five characters');
    assert.equal(turn.events.map((e) => e.name), ['one']);
    assert.is(spans.find((s) => s.name === 'telegram.sendMessage')!.parentSpanId, turn.spanId);
    assert.ok(turn.durationMs >= 1 && turn.start > Date.now() - 60_000 && turn.start <= Date.now(), 'epoch times');
  } finally {
    await t.shutdown();
    delete process.env.OTEL_RESOURCE_ATTRIBUTES;
  }

  const off = startTracing({ settings: otelSettings({ OTEL_TRACES_SAMPLER: 'always_off' }), nodeId: 'off', keepRecent: true, logger: memoryLogger() });
  try {
    const span = off.tracer.start('chat.turn');
    assert.is(span.traceId, '', 'not recorded');
    assert.match(span.context()!.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/, 'the decision travels: not sampled');
    span.end();
    assert.is(off.recent!.ended, 0);
  } finally {
    await off.shutdown();
  }

  const parented = startTracing({ settings: otelSettings({}), nodeId: 'pb', keepRecent: true, logger: memoryLogger() });
  try {
    const unsampled = parented.tracer.start('bot.compose', { parent: { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-00` } });
    assert.is(unsampled.traceId, '', 'a parent not sampled: not recorded (parentbased_always_on)');
    assert.is(unsampled.context()!.traceparent.slice(0, 35), `00-${'ab'.repeat(16)}`);
    unsampled.end();
    const sampled = parented.tracer.start('bot.compose', { parent: { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` } });
    assert.is(sampled.traceId, 'ab'.repeat(16));
    sampled.end();
    assert.is(parented.recent!.ended, 1);
  } finally {
    await parented.shutdown();
  }
});

test('the store is bounded: oldest traces go first, spans per trace capped', () => {
  const store = new RecentSpans({ maxTraces: 3, maxSpansPerTrace: 2 });
  const span = (traceId: string, spanId: string) => ({
    name: 's', kind: 0, spanContext: () => ({ traceId, spanId, traceFlags: 1 }), startTime: [1, 0], endTime: [1, 1000], status: { code: 0 },
    attributes: {}, events: [], links: [], resource: { attributes: {} },
  });
  for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) store.onEnd(span(`e${i}`.padEnd(32, '0'), `5${j}`.padEnd(16, '0')) as never);
  assert.is(store.recent().length, 3);
  assert.is(store.trace('e0'.padEnd(32, '0')), undefined);
  assert.is(store.trace('e4'.padEnd(32, '0'))!.length, 2);
});

test('the store keeps the newest spans in all; a message is found by the config\'s chat id or Telegram\'s while its spans are kept', () => {
  const store = new RecentSpans({ maxSpans: 4 });
  const span = (traceId: string, attributes: Record<string, unknown>) => ({
    name: 's', kind: 0, spanContext: () => ({ traceId, spanId: '1'.padEnd(16, '0'), traceFlags: 1 }), startTime: [1, 0], endTime: [1, 1000], status: { code: 0 },
    attributes, events: [], links: [], resource: { attributes: {} },
  });
  const id = (n: number) => `${n}`.padEnd(32, 'a');
  store.onEnd(span(id(1), { 'piyasa.chat.id': 'demo', 'piyasa.message.id': 7 }) as never);
  store.onEnd(span(id(1), { 'telegram.chat.id': '-100123', 'telegram.message.id': 7 }) as never);
  store.onEnd(span(id(2), { 'piyasa.chat.id': 'demo', 'piyasa.turn.reply_to': 7 }) as never);
  assert.is(store.traceOf('demo', 7), id(1));
  assert.is(store.traceOf('-100123', 7), id(1));
  assert.is(store.traceOf('demo', 8), undefined);
  assert.is(store.traceOf('other', 7), undefined);
  for (let i = 3; i <= 6; i++) store.onEnd(span(id(i), {}) as never);
  assert.is(store.ended, 7);
  assert.is(store.traceOf('demo', 7), undefined, 'its spans are gone');
  assert.is(store.trace(id(2)), undefined);
  assert.equal(store.recent().map((t) => t.traceId), [id(6), id(5), id(4), id(3)]);
  store.onEnd(span(id(7), {}) as never);
  assert.equal(store.recent().map((t) => t.traceId), [id(7), id(6), id(5), id(4)], 'the ring wraps: newest first');
});

test('ids: W3C hex of the right length, not repeated', () => {
  const ids = new PooledIdGenerator();
  const seen = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const t = ids.generateTraceId();
    const s = ids.generateSpanId();
    assert.match(t, /^[0-9a-f]{32}$/);
    assert.match(s, /^[0-9a-f]{16}$/);
    assert.not.ok(seen.has(t) || seen.has(s));
    seen.add(t).add(s);
  }
});

test.run();
