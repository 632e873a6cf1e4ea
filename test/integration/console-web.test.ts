// The operator console in real Chromium, on a throw-away database: an admin signs in with a TOTP code
// and the dashboard updates live; a viewer sees no button that changes anything and the server
// refuses the change anyway; five wrong passwords lock the account; a request from another origin is
// refused; every change is in the change log. Screenshots in test/artifacts/ (gitignored).
import { request } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './chromium.ts';
import { PASSWORD, StandInCommands, codeNow, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';

let f: ConsoleFixture;
let browser: Browser;
let adminSecret: string;

test.before(async () => {
  f = await startConsoleFixture({ auth: { lockMs: 60_000 } });
  adminSecret = (await f.users.add('test', { username: 'ayse', password: PASSWORD, role: 'admin' })).totpSecret!;
  await f.users.add('test', { username: 'zeynep', password: PASSWORD, role: 'viewer' });
  await f.users.add('test', { username: 'mehmet', password: PASSWORD, role: 'operator' });
  browser = await launchChromium();
});
test.after(async () => {
  await browser?.close();
  await f?.close();
});

/** A page with no session (each test starts signed out). */
async function fresh(): Promise<Page> {
  await browser.context.clearCookies();
  return browser.page();
}

async function signIn(page: Page, username: string, code?: () => string): Promise<void> {
  await page.goto(f.url);
  await page.fill('#f-username', username);
  await page.fill('#f-password', PASSWORD);
  await page.click('#sign-in');
  if (code) {
    await page.locator('#f-totp').waitFor({ timeout: 5_000 });
    await page.fill('#f-totp', code());
    await page.click('#sign-in');
  }
  await page.locator('#who').waitFor({ timeout: 10_000 });
}

async function signOut(page: Page): Promise<void> {
  await page.click('#sign-out');
  await page.locator('#login-form').waitFor();
}

test('an admin signs in with password and TOTP; the dashboard updates live without a reload', async () => {
  const page = await fresh();
  await page.goto(f.url);
  await page.fill('#f-username', 'ayse');
  await page.fill('#f-password', PASSWORD);
  await page.click('#sign-in');
  await page.locator('#f-totp').waitFor({ timeout: 5_000 });
  await page.fill('#f-totp', '000000');
  await page.click('#sign-in');
  await page.locator('[data-field="totp"] .error').waitFor();
  await page.fill('#f-totp', codeNow(adminSecret));
  await page.click('#sign-in');
  await page.locator('#who').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('#who').textContent() ?? '', /ayse · yönetici/);
  const perHour = page.locator('[data-figure="per-hour"] .value');
  await page.locator('#live-state.on').waitFor({ timeout: 5_000 });
  const before = Number(await perHour.textContent());
  await f.db.orm.em.getConnection().execute(`insert into messages (chat_id, bot_id, seq, speaker, text, idempotency_key, at)
    select 'demo', 'ali_ekonomist', g, 'Ali Hoca', 'canlı sayım ' || g, 'console-live-' || g, 0 from generate_series(1, 3) g`);
  await page.locator('[data-figure="per-hour"] .value', { hasText: new RegExp(`^${before + 3}$`) }).waitFor({ timeout: 5_000 });
  assert.is(await page.locator('[data-figure="telegram-429"] .value').textContent(), '—', 'unknown is not zero');
  await browser.shot(page, 'console-dashboard');
  await page.click('.lang button:has-text("EN")');
  assert.match(await page.locator('[data-nav="bots"]').textContent() ?? '', /^Bots$/);
  await page.click('.lang button:has-text("TR")');
  await signOut(page);
});

test('a viewer sees no button that changes anything, and the server refuses the change anyway', async () => {
  const page = await fresh();
  await signIn(page, 'zeynep');
  assert.match(await page.locator('#who').textContent() ?? '', /izleyici/);
  assert.is(await page.locator('[data-nav="users"]').count(), 0, 'no users page');
  await page.click('[data-nav="bots"]');
  await page.locator('#bots-table tbody tr').first().waitFor();
  assert.is(await page.locator('#new-bot').count(), 0);
  await page.click('[data-bot="ayse_scalp"]');
  await page.locator('dl.facts').waitFor();
  for (const id of ['#edit-bot', '#toggle-bot', '#remove-bot']) assert.is(await page.locator(id).count(), 0, id);
  await page.click('[data-nav="chats"]');
  await page.locator('[data-chat-state="demo"]').waitFor();
  assert.is(await page.locator('#pause-demo, #resume-demo, #new-chat, form.tool').count(), 0);
  await page.click('[data-nav="settings"]');
  await page.locator('.settings').waitFor();
  assert.is(await page.locator('#save-settings').count(), 0);
  assert.ok(await page.locator('.settings input').first().isDisabled());
  await browser.shot(page, 'console-viewer');
  const calls = (f.commands as StandInCommands).calls.length;
  // A string, not a function: tsx's helpers would not exist in the page.
  const answers = await page.evaluate(`Promise.all([
    ['/chats/demo/command', { cmd: 'pause' }], ['/command', { cmd: 'bots.remove', bot: 'ayse_scalp' }], ['/users', { username: 'x', password: 'y', role: 'admin' }],
  ].map(([path, body]) => fetch('/console/api' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: await r.json() }))))`) as { status: number; body: { error: string } }[];
  for (const a of answers) {
    assert.is(a.status, 403);
    assert.match(a.body.error, /needs the (operator|admin) role \(you are viewer\)/);
  }
  assert.is((f.commands as StandInCommands).calls.length, calls, 'no command reached the service');
  await signOut(page);
});

test('five wrong passwords lock the account for a while; the right one is refused meanwhile', async () => {
  const page = await fresh();
  await page.goto(f.url);
  await page.fill('#f-username', 'mehmet');
  for (let i = 1; i <= 5; i++) {
    await page.fill('#f-password', `yanlis-parola-${i}`);
    await page.click('#sign-in');
    await page.locator('.form-error').waitFor();
    const text = await page.locator('.form-error').textContent();
    if (i < 5) assert.match(text ?? '', /yanlış/, `try ${i}`);
    else assert.match(text ?? '', /kilitlendi/, 'the fifth locks');
  }
  await page.fill('#f-password', PASSWORD);
  await page.click('#sign-in');
  await page.waitForTimeout(300);
  assert.match(await page.locator('.form-error').textContent() ?? '', /kilitlendi/, 'the right password is refused while locked');
  assert.is(await page.locator('#who').count(), 0);
  await browser.shot(page, 'console-locked');
  const user = await f.store.userByName('mehmet');
  assert.ok(user!.lockedUntil! > Date.now() + 50_000, 'locked for the lock time (60 s here)');
});

/** A request to the console from Node, as a script or another site would send it. */
function send(path: string, o: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${f.origin}${path}`, { method: o.method, headers: o.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

test('a request from another origin is refused, even with a valid session; so is one naming no origin', async () => {
  await f.users.add('test', { username: 'can', password: PASSWORD, role: 'operator' });
  const login = await fetch(`${f.origin}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: f.origin }, body: JSON.stringify({ username: 'can', password: PASSWORD }) });
  assert.is(login.status, 200);
  const cookie = login.headers.get('set-cookie')!;
  assert.match(cookie, /HttpOnly; SameSite=Strict; Max-Age=43200/);
  const session = cookie.split(';')[0]!;
  const calls = (f.commands as StandInCommands).calls.length;
  const body = JSON.stringify({ cmd: 'pause' });
  const json = { 'content-type': 'application/json', cookie: session };
  const evil = await send('/console/api/chats/demo/command', { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body });
  assert.is(evil.status, 403);
  assert.match(evil.body, /did not come from the console/);
  const none = await send('/console/api/chats/demo/command', { method: 'POST', headers: json, body });
  assert.is(none.status, 403, 'neither Origin nor Referer');
  const referer = await send('/console/api/chats/demo/command', { method: 'POST', headers: { ...json, referer: 'http://evil.example/page' }, body });
  assert.is(referer.status, 403);
  assert.is((f.commands as StandInCommands).calls.length, calls, 'nothing reached the command service');
  const same = await send('/console/api/chats/demo/command', { method: 'POST', headers: { ...json, origin: f.origin }, body });
  assert.is(same.status, 200, 'the same request from the console\'s origin goes through');
  await send('/console/api/chats/demo/command', { method: 'POST', headers: { ...json, origin: f.origin }, body: JSON.stringify({ cmd: 'resume' }) });

  // And from a page of another site in the browser: a form posting to the console changes nothing.
  const evilSite = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<form id="f" method="POST" action="${f.origin}/console/api/chats/demo/command" enctype="text/plain"><input name='{"cmd":"pause","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((r) => evilSite.listen(0, '127.0.0.1', r));
  const page = await fresh();
  const before = (f.commands as StandInCommands).calls.length;
  const refused = page.waitForResponse((r) => r.url().includes('/console/api/chats/demo/command'));
  await page.goto(`http://127.0.0.1:${(evilSite.address() as AddressInfo).port}/`);
  assert.is((await refused).status(), 403);
  assert.is((f.commands as StandInCommands).calls.length, before);
  assert.ok(f.logger.lines.some((l) => l.event === 'console.cross-origin'), 'logged');
  evilSite.close();
});

test('changes are in the change log: who, what, when; refusals too', async () => {
  const page = await fresh();
  await signIn(page, 'ayse', () => codeNow(adminSecret, 1));
  await page.click('[data-nav="chats"]');
  await page.locator('#pause-demo').click();
  await page.locator('#resume-demo').waitFor();
  await page.locator('#resume-demo').click();
  await page.locator('#pause-demo').waitFor();
  await page.click('[data-nav="audit"]');
  await page.locator('#audit-table tr[data-action="chat.pause"]').first().waitFor();
  const rows = await page.locator('#audit-table tbody tr').allTextContents();
  assert.ok(rows.some((r) => /ayse \(console\).*chat\.pause.*demo.*yapıldı/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /can \(console\).*chat\.pause/.test(r)), 'the operator from the origin test');
  assert.ok(rows.some((r) => /mehmet.*login.*reddedildi/.test(r)), 'refused sign-ins');
  await browser.shot(page, 'console-audit');
  await signOut(page);
});

test.run();
