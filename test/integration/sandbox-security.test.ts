// The sandbox's page against a hostile page in real Chromium (Debian's, via playwright-core): a page
// served from another local origin tries to post, edit and read through fetch, forms (the text/plain
// JSON trick), EventSource and a frame; a DNS-rebinding name for 127.0.0.1 tries to read. Nothing is
// posted, nothing edited, nothing read; the sandbox's own page still posts. Screenshots go to
// test/artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import { BOTS, GROUP } from './telegram-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

/** The attacker's page: every way a page of another origin could write to or read the sandbox. */
function hostilePage(target: string, victimId: number): string {
  const post = JSON.stringify({ chatId: GROUP, username: 'saldirgan', text: 'PWNED' });
  const edit = JSON.stringify({ chatId: GROUP, messageId: victimId, username: 'deniz', text: 'EDITED' });
  // A text/plain form sends "name=value": with name = the JSON up to a last field and value closing it, the body is JSON.
  const trick = (json: string) => {
    const cut = json.lastIndexOf('}');
    return { name: `${json.slice(0, cut)},"pad":"`, value: '"}' };
  };
  const form = (id: string, action: string, json: string, enctype: string) => {
    const t = trick(json);
    return `<form id="${id}" method="POST" action="${target}${action}" enctype="${enctype}" target="sink-${id}"><input name='${t.name}' value='${t.value}'></form><iframe name="sink-${id}" style="width:10px;height:10px"></iframe>`;
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>Kazan!</title></head><body>
<h1>Bedava hisse önerileri</h1><pre id="log"></pre>
${form('f1', '/api/messages', post, 'text/plain')}
${form('f2', '/api/edit', edit, 'text/plain')}
${form('f3', '/api/messages', post, 'application/x-www-form-urlencoded')}
<script>let frameLoaded = false;</script>
<iframe id="frame" src="${target}/" style="width:300px;height:120px" onload="frameLoaded = true"></iframe>
<script>
const log = (k, v) => { window.results[k] = v; document.getElementById('log').textContent += k + ': ' + v + '\\n'; };
window.results = {};
(async () => {
  for (const id of ['f1', 'f2', 'f3']) document.getElementById(id).submit();
  try { await fetch('${target}/api/messages', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(post)} }); log('no-cors post', 'sent (opaque)'); } catch (e) { log('no-cors post', 'error'); }
  try { const r = await fetch('${target}/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(post)} }); log('cors post', 'status ' + r.status); } catch (e) { log('cors post', 'blocked'); }
  try { const r = await fetch('${target}/api/edit', { method: 'POST', mode: 'no-cors', body: ${JSON.stringify(edit)} }); log('no-cors edit', 'sent (opaque)'); } catch (e) { log('no-cors edit', 'error'); }
  try { const r = await fetch('${target}/api/state'); log('read state', 'READ ' + (await r.text()).slice(0, 40)); } catch (e) { log('read state', 'blocked'); }
  try { const r = await fetch('${target}/api/state', { mode: 'no-cors' }); log('read state no-cors', r.type === 'opaque' ? 'opaque' : 'READ'); } catch (e) { log('read state no-cors', 'blocked'); }
  await new Promise((done) => {
    const es = new EventSource('${target}/events');
    es.addEventListener('snapshot', (e) => { log('events', 'READ ' + e.data.slice(0, 40)); es.close(); done(); });
    es.onerror = () => { log('events', 'blocked'); es.close(); done(); };
  });
  // Read the frame once it has loaded the target (before that it holds its own about:blank, which any
  // parent may read): a cross-origin document gives no contentDocument.
  const frame = document.getElementById('frame');
  if (!frameLoaded) await new Promise((r) => frame.addEventListener('load', r, { once: true }));
  let framed = 'blocked';
  try { framed = frame.contentDocument ? 'READ' : 'blocked'; } catch (e) { framed = 'blocked'; }
  log('frame', framed);
  setTimeout(() => { window.done = true; }, 1500);
})();
</script></body></html>`;
}

async function serve(html: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port };
}

test('a page on another origin cannot post, edit or read; a rebinding name is refused; our own page still posts', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const sandbox = new Sandbox({ limits: false });
  for (const b of BOTS) sandbox.addBot({ token: b.token, username: b.username, firstName: b.firstName });
  sandbox.addChat({ id: GROUP, title: 'Piyasa Test', bots: BOTS.map((b) => b.username) });
  const victim = sandbox.human({ chatId: GROUP, username: 'deniz', text: 'dolar ne olur?' });
  const sb = await serveSandbox(sandbox, { port: 0 });
  const target = `http://127.0.0.1:${sb.port}`;
  const evil = await serve(hostilePage(target, victim.message_id));
  const profile = mkdtempSync(path.join(tmpdir(), 'piyasa-hardening-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1100, height: 700 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-proxy-server',
      '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
  });
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = browser.pages()[0] ?? await browser.newPage();
    // Another local origin: localhost on another port (same site as nothing of ours, a different origin).
    await page.goto(`http://localhost:${evil.port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { done?: boolean }).done === true, undefined, { timeout: 20_000 });
    const results = await page.evaluate(() => (globalThis as unknown as { results: Record<string, string> }).results);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-hostile-page.png') });
    for (const [k, v] of Object.entries(results)) assert.not.match(v, /READ|status 200/, `${k}: ${v}`);
    assert.equal(sandbox.messages(GROUP).map((m) => [m.from.username, m.text]), [['deniz', 'dolar ne olur?']], 'nothing posted, nothing edited');
    const refused = Object.fromEntries(sb.routes.guard.refused);
    assert.ok((refused['cross-site'] ?? 0) + (refused.origin ?? 0) >= 6, `refusals: ${JSON.stringify(refused)}`);
    assert.is(sb.routes.streams.opened, 0, 'no event stream was opened for the other origin');

    // DNS rebinding: rebind.test resolves to 127.0.0.1; the page there is the sandbox's own origin to the browser.
    const rebound = await page.goto(`http://rebind.test:${sb.port}/`);
    assert.is(rebound?.status(), 403);
    const read = await page.evaluate(async () => {
      const r = await fetch('/api/state');
      return { status: r.status, text: (await r.text()).slice(0, 200) };
    });
    assert.is(read.status, 403);
    assert.not.match(read.text, /dolar ne olur/);
    const write = await page.evaluate(async (chatId) => (await fetch('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId, username: 'rebind', text: 'PWNED' }) })).status, GROUP);
    assert.is(write, 403);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-rebinding-refused.png') });

    // Our own page, same origin: the composer still posts.
    await page.goto(`${target}/`);
    await page.fill('#name', 'deniz');
    await page.fill('#text', 'kendi sayfamızdan yazıyoruz');
    await page.click('#send');
    await page.locator('.msg[data-from="deniz"]').nth(1).waitFor({ timeout: 5_000 });
    assert.is(await page.locator('#text').getAttribute('maxlength'), '4096');
    assert.equal(sandbox.messages(GROUP).map((m) => m.text), ['dolar ne olur?', 'kendi sayfamızdan yazıyoruz']);
    assert.ok(sb.routes.streams.opened >= 1, 'our page opened its event stream');
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await new Promise<void>((r) => evil.server.close(() => r()));
    await sb.close();
  }
});

test.run();
