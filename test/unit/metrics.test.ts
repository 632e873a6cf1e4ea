// The node's metrics as parts report them: chat turns, the adapters' requests, dead letters, the
// outbox, and a cluster's totals read at each scrape (counters only go up) — read back through a
// Prometheus text-format parser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createNodeMetrics, type ClusterTotals } from '../../infra/telemetry/index.ts';

const value = (text: string, name: string, labels: Record<string, string> = {}): number => {
  const f = parsePrometheusTextFormat(text).find((x) => x.name === name);
  assert.ok(f, `no ${name}`);
  return f.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)).reduce((s, m) => s + Number(m.value ?? 0), 0);
};

test('what the parts report is what /metrics says', async () => {
  const m = createNodeMetrics('n1', '0.1.0');
  m.chat.delivered(false);
  m.chat.delivered(false);
  m.chat.delivered(true);
  m.chat.dropped('declined-budget');
  m.chat.turn(1500, 'delivered');
  m.llmRequest({ model: 'openai/gpt-oss-20b', status: 'ok', promptTokens: 300, cachedTokens: 200, completionTokens: 40, ms: 400 });
  m.llmRequest({ model: 'openai/gpt-oss-20b', status: 'RateLimited', promptTokens: 0, cachedTokens: 0, completionTokens: 0, ms: 30 });
  m.telegramRequest({ botId: 'b', method: 'sendMessage', status: 429, retryAfterSec: 3, ms: 20 });
  m.deadLetter({ at: 0, actor: '/bot-x', message: {}, reason: 'poison', attempts: 3 });
  m.outbox.lag(250);
  m.outbox.ambiguous(2);
  m.mailboxDepth(() => 17);
  const text = await m.registry.metrics();
  assert.is(value(text, 'piyasa_messages_sent_total', { kind: 'message' }), 2);
  assert.is(value(text, 'piyasa_messages_sent_total', { kind: 'reaction' }), 1);
  assert.is(value(text, 'piyasa_messages_declined_total', { reason: 'declined-budget' }), 1);
  assert.is(value(text, 'piyasa_llm_requests_total', { status: 'RateLimited' }), 1);
  assert.is(value(text, 'piyasa_llm_tokens_total', { kind: 'cached' }), 200);
  assert.is(value(text, 'piyasa_telegram_requests_total', { method: 'sendMessage', status: '429' }), 1);
  assert.is(value(text, 'piyasa_dead_letters_total', { reason: 'poison' }), 1);
  assert.is(value(text, 'piyasa_outbox_ambiguous_total'), 2);
  assert.is(value(text, 'piyasa_mailbox_depth'), 17);
  assert.is(value(text, 'piyasa_node_info', { version: '0.1.0', node: 'n1' }), 1);
});

test('a cluster\'s totals: read at each scrape, counters follow them up and never down', async () => {
  const m = createNodeMetrics('n2', '0.1.0');
  let totals: ClusterTotals = { partitionsOwned: 21, failovers: 0, fencing: {} };
  m.watchCluster(() => totals);
  let text = await m.registry.metrics();
  assert.is(value(text, 'piyasa_partitions_owned'), 21);
  assert.is(value(text, 'piyasa_failovers_total'), 0);
  totals = { partitionsOwned: 32, failovers: 11, fencing: { write: 3, send: 1 } };
  text = await m.registry.metrics();
  assert.is(value(text, 'piyasa_partitions_owned'), 32);
  assert.is(value(text, 'piyasa_failovers_total'), 11);
  assert.is(value(text, 'piyasa_fencing_rejections_total', { what: 'write' }), 3);
  totals = { partitionsOwned: 30, failovers: 11, fencing: { write: 5, send: 1 } };
  text = await m.registry.metrics();
  assert.is(value(text, 'piyasa_fencing_rejections_total', { what: 'write' }), 5);
  assert.is(value(text, 'piyasa_failovers_total'), 11);
  m.cluster.fencingRejected('state');
  assert.is(value(await m.registry.metrics(), 'piyasa_fencing_rejections_total', { what: 'state' }), 1);
});

test.run();
