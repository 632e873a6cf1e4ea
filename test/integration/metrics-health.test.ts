// The node's /metrics read by a Prometheus text-format parser while it runs on the sandbox, the Groq
// chain (the local Groq-compatible server over HTTP) and PostgreSQL behind a TCP proxy; /readyz turns
// not-ready (503, naming the database) when the proxy cuts the database, and ready again when it is back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import parsePrometheusTextFormat, { type Family } from 'parse-prometheus-text-format';
import { GroqLikeServer, SystemClock } from '../../transport/index.ts';
import { otelSettings, parseConfig } from '../../infra/config/index.ts';
import { openStorage, type Storage } from '../../infra/db/storage.ts';
import { memoryLogger } from '../../infra/log.ts';
import { createNodeLlm } from '../../infra/root/llm.ts';
import { startNodeTelemetry, type NodeTelemetry } from '../../infra/root/telemetry.ts';
import { startTelegramNode, type TelegramNode } from '../../infra/root/telegram.ts';
import { METRIC_NAMES } from '../../infra/telemetry/index.ts';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { fastConfig } from './piyasa-run.ts';
import { cuttableProxy } from './tcp-proxy.ts';

const KEY = 'gsk_metricsTESTkey0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

let db: TestDatabase;
let tel: NodeTelemetry | undefined;
let node: TelegramNode | undefined;
let storage: Storage | undefined;
let groq: GroqLikeServer;
test.before(async () => {
  db = await createTestDatabase();
  groq = new GroqLikeServer({ apiKey: KEY });
});
test.after(async () => {
  await node?.stop();
  await storage?.close();
  await tel?.close();
  await groq.close();
  await db.drop();
});

const family = (families: Family[], name: string): Family => {
  const f = families.find((x) => x.name === name);
  assert.ok(f, `no ${name} in /metrics`);
  return f;
};
const total = (f: Family, labels: Record<string, string> = {}): number =>
  f.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)).reduce((s, m) => s + Number(m.value ?? 0), 0);
/** A histogram's `_count` series by label set. (The parser folds a histogram's label sets into one, so
 * its count lines are parsed again as a counter family of their own.) */
const histogramCounts = (text: string, name: string): Family => {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}_count{`) || l.startsWith(`${name}_count `));
  return family(parsePrometheusTextFormat(`# TYPE ${name}_count counter\n${lines.join('\n')}\n`), `${name}_count`);
};

test('/metrics parses as Prometheus text with every series of the node; /readyz follows the database', async () => {
  const proxy = await cuttableProxy();
  const logger = memoryLogger('warn');
  const config = parseConfig(fastConfig(['ali_ekonomist', 'can_chartist', 'fatma_temettu'], 40).yaml, 'fast.yaml');
  tel = await startNodeTelemetry({ port: 0, host: '127.0.0.1', nodeId: 'metrics-node', otel: otelSettings({}), keepRecent: false, logger });
  storage = await openStorage({ config, logger, databaseUrl: db.url.replace(':5432/', `:${proxy.port}/`), now: Date.now() });
  tel.database(storage.health);
  const baseURL = await groq.listen();
  const llm = createNodeLlm({ apiKey: KEY, baseURL, fastModel: 'openai/gpt-oss-20b', smartModel: 'openai/gpt-oss-120b' }, { clock: new SystemClock(), logger, onRequest: (r) => tel!.metrics.llmRequest(r) });
  node = await startTelegramNode({
    config: storage.config, clock: new SystemClock(), seed: 9, logger, telegram: { mode: 'sandbox', port: 0 }, http: tel.http, llm: llm.llm, pollSec: 5,
    stores: tel.stores(storage.stores), ...tel.nodeOptions, onTelegramRequest: (r) => tel!.metrics.telegramRequest(r),
  });
  tel.watch(node.node);
  const get = async (path: string) => {
    const res = await fetch(`${tel!.http.url}${path}`);
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  await until('a few messages', async () => node!.sandbox!.messages(node!.chatIds.get('demo')!).filter((m) => m.from.is_bot).length >= 4);
  const scrape = await get('/metrics');
  assert.is(scrape.status, 200);
  assert.match(scrape.type, /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(scrape.text);
  for (const name of METRIC_NAMES) family(families, name);
  assert.ok(total(family(families, 'piyasa_messages_sent_total'), { kind: 'message' }) >= 4, 'messages sent');
  assert.is(family(families, 'piyasa_turn_duration_seconds').type, 'HISTOGRAM');
  assert.ok(total(histogramCounts(scrape.text, 'piyasa_turn_duration_seconds'), { outcome: 'delivered' }) >= 3, 'turns timed');
  const llmCalls = family(families, 'piyasa_llm_requests_total');
  assert.ok(total(llmCalls, { model: 'openai/gpt-oss-20b', status: 'ok' }) >= 1, 'LLM requests by model and status');
  const tokens = family(families, 'piyasa_llm_tokens_total');
  assert.ok(total(tokens, { kind: 'input' }) > 0 && total(tokens, { kind: 'output' }) > 0, 'LLM tokens');
  assert.ok(total(family(families, 'piyasa_telegram_requests_total'), { method: 'sendMessage', status: '200' }) >= 4, 'Telegram requests by method and status');
  assert.ok(total(histogramCounts(scrape.text, 'piyasa_outbox_lag_seconds')) >= 3, 'outbox lag observed');
  assert.is(family(families, 'piyasa_mailbox_depth').type, 'GAUGE');
  assert.ok(family(families, 'piyasa_node_info').metrics.every((m) => m.labels?.node === 'metrics-node'));
  assert.ok(family(families, 'process_cpu_user_seconds_total'), 'process metrics');

  let ready = await get('/readyz');
  assert.is(ready.status, 200, ready.text);
  assert.equal(JSON.parse(ready.text).checks, { database: 'ok', telegram: 'ok' });

  await proxy.cut();
  await until('not ready', async () => (await get('/readyz')).status === 503, 15_000);
  ready = await get('/readyz');
  const body = JSON.parse(ready.text) as { ready: boolean; notReady: Record<string, string> };
  assert.is(body.ready, false);
  assert.match(body.notReady.database!, /^database /);
  assert.equal(Object.keys(body.notReady), ['database']);
  assert.is((await get('/healthz')).status, 200, 'alive all the same');

  await proxy.restore();
  await until('ready again', async () => (await get('/readyz')).status === 200, 30_000);
  await proxy.close();
});

test.run();
