// Bad input at the console's forms, in Chromium: empty, too long, the wrong type, an unknown symbol,
// hours out of range — each answered with the rule at the field it names, and nothing saved.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './chromium.ts';
import { PASSWORD, StandInCommands, codeNow, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';

let f: ConsoleFixture;
let browser: Browser;
let page: Page;

const count = async (table: string): Promise<number> =>
  Number((await f.db.orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`))[0]!.n);

test.before(async () => {
  f = await startConsoleFixture();
  const { totpSecret } = await f.users.add('test', { username: 'ali', password: PASSWORD, role: 'admin' });
  browser = await launchChromium();
  page = await browser.page();
  await page.goto(f.url);
  await page.click('#sign-in');
  await page.locator('[data-field="username"] .error').waitFor();
  assert.match(await page.locator('[data-field="username"] .error').textContent() ?? '', /kullanıcı adı|user name/i, 'the login form: empty name at its field');
  await page.fill('#f-username', 'ali');
  await page.fill('#f-password', PASSWORD);
  await page.click('#sign-in');
  await page.locator('#f-totp').waitFor();
  await page.fill('#f-totp', codeNow(totpSecret!));
  await page.click('#sign-in');
  await page.locator('#who').waitFor();
});
test.after(async () => {
  await browser?.close();
  await f?.close();
});

/** Submits `form` after `fill`, then expects `rule` at `field` (and nowhere else). */
async function expectAtField(field: string, rule: RegExp, submit: string): Promise<void> {
  await page.click(submit);
  const at = page.locator(`[data-field="${field}"] .error`);
  await at.waitFor({ timeout: 5_000 });
  assert.match(await at.textContent() ?? '', rule, field);
  assert.is(await page.locator('.field .error').count(), 1, 'one message, at that field');
}

test('the bot form: empty, too long, wrong type, unknown symbol, hours out of range — at the field, nothing saved', async () => {
  const bots = await count('bots');
  await page.click('[data-nav="bots"]');
  await page.click('#new-bot');
  const base = { id: 'selin_test', name: 'Selin Deneme', handle: 'selin_test_bot', signaturePhrases: 'Borsa sabır işidir.' };
  const cases: [string, string, RegExp][] = [
    ['name', '', /must not be empty/],
    ['handle', 'h'.repeat(40), /must match/],
    ['hourlyLimit', 'on iki', /must be a whole number \(got "on iki"\)/],
    ['speed.talkativeness', '1.5', /must be in \(0, 1\] \(got 1\.5\)/],
    ['watchlist', 'BIST:THYAO, BIST:THYA', /unknown symbol; did you mean "BIST:THYAO"\?/],
    ['activeHours', '09:00-12:00, 25:00-26:00', /hours 00–23/],
  ];
  for (const [field, value, rule] of cases) {
    for (const [k, v] of Object.entries(base)) await page.fill(`#f-${k}`, v);
    await page.fill(`#f-${field.replace(/\./g, '-')}`, value);
    await expectAtField(field, rule, '#save-bot');
    await page.fill(`#f-${field.replace(/\./g, '-')}`, field === 'hourlyLimit' ? '12' : field === 'speed.talkativeness' ? '0.6' : field === 'watchlist' ? 'BIST:THYAO' : field === 'activeHours' ? '' : 'x'.repeat(6));
  }
  // A stance row: its confidence out of range shows at that row's field.
  await page.click('text=Görüş ekle');
  await page.fill('#f-stances-0--topic', 'BIST');
  await page.fill('#f-stances-0--text', 'Bankalar toparlar.');
  await page.fill('#f-stances-0--confidence', '7');
  await expectAtField('stances[0].confidence', /between 0 and 1 \(got 7\)/, '#save-bot');
  await browser.shot(page, 'console-bot-form-error');
  assert.is(await count('bots'), bots, 'nothing saved');
  assert.ok((f.commands as StandInCommands).calls.filter((c) => (c.body as { cmd: string }).cmd === 'bots.add').length >= cases.length + 1, 'each went through the command service');
});

test('the pace form: the wrong type and out of range at perMinute', async () => {
  await page.click('[data-nav="chats"]');
  const form = page.locator('form[data-form="pace"]');
  await form.locator('input[name="perMinute"]').fill('hızlı');
  await form.locator('button[type="submit"]').click();
  await form.locator('[data-field="perMinute"] .error').waitFor();
  assert.match(await form.locator('[data-field="perMinute"] .error').textContent() ?? '', /perMinute/);
  await form.locator('input[name="perMinute"]').fill('0');
  await form.locator('button[type="submit"]').click();
  await page.waitForTimeout(300);
  assert.match(await form.locator('[data-field="perMinute"] .error').textContent() ?? '', /\(got 0\)/);
});

test('the users form: empty name, too long a name, a short password, all at their fields; nobody added', async () => {
  const users = await count('console_users');
  await page.click('[data-nav="users"]');
  const form = page.locator('#add-user');
  const cases: [string, string, string, RegExp][] = [
    ['', PASSWORD, 'username', /must not be empty/],
    ['u'.repeat(65), PASSWORD, 'username', /3–64 characters/],
    ['selin', 'kisa', 'password', /at least 12/],
  ];
  for (const [name, password, field, rule] of cases) {
    await form.locator('input[name="username"]').fill(name);
    await form.locator('input[name="password"]').fill(password);
    await form.locator('button[type="submit"]').click();
    const at = form.locator(`[data-field="${field}"] .error`);
    await at.waitFor();
    assert.match(await at.textContent() ?? '', rule);
  }
  assert.is(await count('console_users'), users);
  // And a good one: an operator with TOTP; its secret is shown once.
  await form.locator('input[name="username"]').fill('selin');
  await form.locator('input[name="password"]').fill('Selin-Parola-2026');
  await form.locator('select[name="totp"]').selectOption('true');
  await form.locator('button[type="submit"]').click();
  await page.locator('#totp-secret code[data-secret]').waitFor();
  assert.match(await page.locator('#totp-secret code[data-secret]').getAttribute('data-secret') ?? '', /^[A-Z2-7]{32}$/);
  await page.locator('#users-table tr[data-user="selin"]').waitFor();
  assert.is(await count('console_users'), users + 1);
  await browser.shot(page, 'console-users');
});

test('the API itself: a body that is not JSON, too large, or of another content type is refused', async () => {
  const answers = await page.evaluate(`Promise.all([
    fetch('/console/api/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"cmd": ' }),
    fetch('/console/api/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cmd: 'status', pad: 'x'.repeat(300000) }) }),
    fetch('/console/api/command', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"cmd":"status"}' }),
  ].map((p) => p.then((r) => r.status)))`) as number[];
  assert.equal(answers, [400, 413, 415]);
});

test.run();
