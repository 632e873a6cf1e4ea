// The node's one HTTP server: health and readiness, /metrics, a part mounted under a prefix, the
// sandbox's routes on the same server, and 404/405 for what no route serves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startNodeHttp, type NodeHttp } from '../../infra/http/index.ts';
import { createRegistry } from '../../infra/telemetry/index.ts';
import { HttpRouter, Sandbox, sandboxRoutes } from '../../transport/index.ts';

let http: NodeHttp;
test.before(async () => {
  http = await startNodeHttp({ port: 0, nodeId: 'n-test', metrics: createRegistry('n-test') });
});
test.after(async () => {
  await http.close();
});

const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${http.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

test('/healthz answers while the process is alive', async () => {
  const r = await get('/healthz');
  assert.is(r.status, 200);
  assert.is(JSON.parse(r.text).node, 'n-test');
});

test('/readyz: ready with passing checks, 503 naming each failing one (a throw and a hang count too)', async () => {
  const removeDb = http.readiness.add('database', () => undefined);
  let r = await get('/readyz');
  assert.is(r.status, 200);
  assert.equal(JSON.parse(r.text).checks, { database: 'ok' });
  const removeNats = http.readiness.add('nats', () => 'not connected');
  const removeTg = http.readiness.add('telegram', () => { throw new Error('getMe failed'); });
  r = await get('/readyz');
  assert.is(r.status, 503);
  const body = JSON.parse(r.text);
  assert.is(body.ready, false);
  assert.equal(body.notReady, { nats: 'not connected', telegram: 'getMe failed' });
  removeNats();
  removeTg();
  r = await get('/readyz');
  assert.is(r.status, 200);
  removeDb();
});

test('/metrics is Prometheus text with the process metrics', async () => {
  const r = await get('/metrics');
  assert.is(r.status, 200);
  assert.match(r.type, /text\/plain/);
  assert.match(r.text, /^# TYPE process_cpu_user_seconds_total counter$/m);
  assert.match(r.text, /node="n-test"/);
});

test('a part mounted under a prefix gets that prefix and everything below it, nothing else', async () => {
  const seen: string[] = [];
  const remove = http.mount('/console', (_req, res, url) => {
    seen.push(url.pathname);
    res.end('console');
  });
  assert.is((await get('/console')).text, 'console');
  assert.is((await get('/console/chats/demo')).text, 'console');
  assert.is((await get('/consolex')).status, 404);
  assert.equal(seen, ['/console', '/console/chats/demo']);
  remove();
  assert.is((await get('/console')).status, 404);
});

test('the sandbox\'s routes on the node\'s server: page, state and Bot API beside /metrics; a wrong method is 405', async () => {
  const sandbox = new Sandbox({ limits: false });
  sandbox.addBot({ token: '7000000001:abcdefghijklmnop', username: 'a_bot', firstName: 'A' });
  const routes = sandboxRoutes(sandbox);
  const remove = http.add(routes.routes);
  const page = await get('/');
  assert.is(page.status, 200);
  assert.match(page.text, /Piyasa sandbox/);
  const me = JSON.parse((await get('/bot7000000001:abcdefghijklmnop/getMe')).text);
  assert.is(me.result.username, 'a_bot');
  assert.is((await get('/api/messages')).status, 405);
  assert.is((await get('/metrics')).status, 200);
  remove();
  routes.close();
  assert.is((await get('/')).status, 404);
});

test('the router: exact before pattern before prefix, longest prefix first', () => {
  const r = new HttpRouter();
  const h = (name: string) => ({ handle: () => undefined, name });
  r.add({ path: '/*', ...h('all') });
  r.add({ path: '/a/*', ...h('a') });
  r.add({ path: '/a/b/*', ...h('ab') });
  r.add({ path: /^\/a\/b\/c$/, ...h('re') });
  r.add({ method: 'GET', path: '/a/b/c', ...h('exact') });
  const name = (m: string, p: string) => {
    const f = r.find(m, p);
    return typeof f === 'object' ? (f.route as unknown as { name: string }).name : f;
  };
  assert.is(name('GET', '/a/b/c'), 'exact');
  assert.is(name('POST', '/a/b/c'), 're');
  assert.is(name('GET', '/a/b/d'), 'ab');
  assert.is(name('GET', '/a/x'), 'a');
  assert.is(name('GET', '/zzz'), 'all');
});

test.run();
