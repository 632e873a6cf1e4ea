// `piyasa trace`: by message id (looked up on the node) or trace id; the Jaeger link; the span tree
// from Jaeger's query API when it answers (a stand-in speaking its JSON), else from the node's store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { otelSettings } from '../../infra/config/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startNodeTelemetry, type NodeTelemetry } from '../../infra/root/telemetry.ts';
import { piyasa } from './piyasa-run.ts';

let tel: NodeTelemetry;
let jaeger: Server;
let jaegerUrl: string;
let traceId = '';
const jaegerAsked: string[] = [];

test.before(async () => {
  tel = await startNodeTelemetry({ port: 0, host: '127.0.0.1', nodeId: 'trace-node', otel: otelSettings({}), keepRecent: true, logger: memoryLogger() });
  const tracer = tel.tracing.tracer;
  const turn = tracer.start('chat.turn', { attributes: { 'piyasa.chat.id': 'demo', 'piyasa.turn.speaker': 'can_chartist', 'piyasa.turn.why': 'director: a new post on a topic' } });
  const compose = tracer.start('bot.compose', { parent: turn.context()!, attributes: { 'piyasa.compose.topic': 'EREGL' } });
  compose.end();
  turn.setAttributes({ 'piyasa.message.id': 42, 'piyasa.turn.outcome': 'delivered' });
  turn.end();
  traceId = turn.traceId;
  jaeger = createServer((req, res) => {
    jaegerAsked.push(req.url ?? '');
    if (req.url !== `/api/traces/${traceId}`) return void res.writeHead(404).end('{"data":null}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{
      traceID: traceId, processes: { p1: { serviceName: 'piyasa', tags: [{ key: 'service.instance.id', type: 'string', value: 'node-b' }] } },
      spans: [
        { traceID: traceId, spanID: 'a1', operationName: 'chat.turn', startTime: 1_700_000_000_000_000, duration: 250_000, processID: 'p1', references: [], tags: [{ key: 'piyasa.turn.speaker', type: 'string', value: 'ali_ekonomist' }] },
        { traceID: traceId, spanID: 'b2', operationName: 'chat openai/gpt-oss-20b', startTime: 1_700_000_000_010_000, duration: 120_000, processID: 'p1', references: [{ refType: 'CHILD_OF', traceID: traceId, spanID: 'a1' }], tags: [{ key: 'gen_ai.usage.input_tokens', type: 'int64', value: 321 }] },
      ],
    }] }));
  });
  await new Promise<void>((r) => jaeger.listen(0, '127.0.0.1', r));
  jaegerUrl = `http://127.0.0.1:${(jaeger.address() as AddressInfo).port}`;
});
test.after(async () => {
  await new Promise((r) => jaeger.close(r));
  await tel.close();
});

test('by message id: looked up on the node, the tree from the node\'s store', async () => {
  const r = await piyasa(['trace', '42', '--node', tel.http.url], { env: { JAEGER_URL: '' } });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^trace ${traceId}$`, 'm'));
  assert.not.match(r.stdout, /jaeger:/);
  assert.match(r.stdout, new RegExp(`spans from the node at ${tel.http.url.replace(/\./g, '\\.')}:`));
  assert.match(r.stdout, /^ {2}chat\.turn {2}[\d.]+ ms {2}\(\+0\.0 ms\) {2}\[trace-node\] {2}turn\.speaker=can_chartist {2}turn\.why=director: a new post on a topic {2}turn\.outcome=delivered {2}message\.id=42$/m);
  assert.match(r.stdout, /^ {4}bot\.compose {2}[\d.]+ ms .*compose\.topic=EREGL$/m);
});

test('by trace id with Jaeger: the link, and the tree from Jaeger\'s query API', async () => {
  const r = await piyasa(['trace', traceId.toUpperCase(), '--node', tel.http.url, '--jaeger', jaegerUrl]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^jaeger: ${jaegerUrl}/trace/${traceId}$`, 'm'));
  assert.match(r.stdout, new RegExp(`spans from Jaeger at ${jaegerUrl}:`));
  assert.match(r.stdout, /^ {2}chat\.turn {2}250\.0 ms {2}\(\+0\.0 ms\) {2}\[node-b\] {2}turn\.speaker=ali_ekonomist$/m);
  assert.match(r.stdout, /^ {4}chat openai\/gpt-oss-20b {2}120\.0 ms {2}\(\+10\.0 ms\) {2}\[node-b\] {2}usage\.input_tokens=321$/m);
  assert.ok(jaegerAsked.includes(`/api/traces/${traceId}`));
});

test('Jaeger not reachable: the link all the same, the tree from the node', async () => {
  const r = await piyasa(['trace', traceId], { env: { JAEGER_URL: 'http://127.0.0.1:1', PIYASA_HTTP_PORT: String(tel.http.port) } });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^jaeger: http://127\\.0\\.0\\.1:1/trace/${traceId}$`, 'm'));
  assert.match(r.stdout, /spans from the node at http:\/\/127\.0\.0\.1:\d+ \(Jaeger does not answer/);
  assert.match(r.stdout, /^ {2}chat\.turn /m);
});

test('nothing found, bad input: one line each', async () => {
  const missing = await piyasa(['trace', '9999', '--node', tel.http.url], { env: { JAEGER_URL: '' } });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /^piyasa trace: no trace found for message 9999 in chat demo: the node: no trace of message 9999/);
  assert.is(missing.stderr.trim().split('\n').length, 1);
  const unknown = await piyasa(['trace', 'ab'.repeat(16), '--node', tel.http.url], { env: { JAEGER_URL: '' } });
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /no spans of a{1}b/);
  const bad = await piyasa(['trace', 'hello']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /^piyasa trace: "hello" is neither a trace id/);
});

test.run();
