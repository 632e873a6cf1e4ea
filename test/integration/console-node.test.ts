// The console of `piyasa start` in Chromium, on the real wiring (the run's command service, its database,
// the sandbox group on the same HTTP server): an operator pauses the chat and the group in the sandbox's
// page falls silent; resumed, it talks again; a bot created in the console with its persona and added to
// the chat speaks in the group, falls silent when disabled on its page and speaks again when enabled; a
// memory added there is in its table and the database, and gone once removed.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../contract/pg-db.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD } from './console-fixture.ts';
import { fastConfig, piyasa, type Run } from './piyasa-run.ts';

let db: TestDatabase;
let dir: string;
test.before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'piyasa-console-'));
});
test.after(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('piyasa start: pause in the console silences the sandbox group, resume brings it back; a bot created in the console speaks there, disabled it is silent, enabled it speaks; its memories', async () => {
  const env = { DATABASE_URL: db.url };
  const added = await piyasa(['users', 'add', 'mehmet', '--role', 'operator'], { env, stdin: `${PASSWORD}\n` });
  assert.is(added.code, 0, added.stderr);
  const { yaml } = fastConfig(['ali_ekonomist', 'ayse_scalp'], 60);
  const config = path.join(dir, 'fast.yaml');
  writeFileSync(config, yaml);

  let child: ChildProcess | undefined;
  let out = '';
  const running: Promise<Run> = piyasa(['start', '--config', config, '--seed', '31'], {
    env, timeoutMs: 150_000, onSpawn: (c) => {
      child = c;
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    },
  });
  const browser = await launchChromium();
  try {
    const urls = await waitFor(() => {
      const consoleUrl = /^Console: (\S+\/console)/m.exec(out)?.[1];
      const group = /^Sandbox: the group live at (\S+)/m.exec(out)?.[1];
      return consoleUrl && group ? { consoleUrl, group } : undefined;
    }, 60_000, () => `no Console/Sandbox line:\n${out}`);

    const group = await browser.context.newPage();
    await group.goto(urls.group);
    const botLines = group.locator('.msg[data-bot="true"]');
    await botLines.nth(1).waitFor({ timeout: 30_000 });

    const page = await browser.page();
    await page.goto(urls.consoleUrl);
    await page.fill('#f-username', 'mehmet');
    await page.fill('#f-password', PASSWORD);
    await page.click('#sign-in');
    await page.locator('#who').waitFor();
    await page.click('[data-nav="chats"]');
    await page.locator('#pause-demo').click();
    await page.locator('[data-chat-state="demo"]', { hasText: /duraklatıldı|paused/ }).waitFor({ timeout: 5_000 });
    await browser.shot(page, 'console-chat-paused');

    // A turn already on the floor may still land; after that, nothing for 5 s (several turns' worth).
    await group.waitForTimeout(2_500);
    const atPause = await botLines.count();
    await group.waitForTimeout(5_000);
    assert.is(await botLines.count(), atPause, 'no bot line while paused');
    await browser.shot(group, 'console-sandbox-paused');
    await page.locator('#resume-demo').click();
    await page.locator('[data-chat-state="demo"]', { hasText: /çalışıyor|running/ }).waitFor({ timeout: 5_000 });
    await botLines.nth(atPause).waitFor({ timeout: 30_000 });

    // A new bot with its persona, then a member of the chat: it speaks in the sandbox group.
    await page.click('[data-nav="bots"]');
    await page.click('#new-bot');
    const persona = { id: 'selin_deneme', name: 'Selin Deneme', handle: 'selin_deneme_bot', watchlist: 'BIST:THYAO, USDTRY', signaturePhrases: 'Sabırlı olan kazanır.', hourlyLimit: '60', minGapSec: '1', 'speed-talkativeness': '1' };
    for (const [k, v] of Object.entries(persona)) await page.fill(`#f-${k}`, v);
    await page.click('#save-bot');
    // Saved, the console opens the bot's page.
    const saved = page.locator('#edit-bot');
    await saved.or(page.locator('.error, .form-error')).first().waitFor({ timeout: 10_000 });
    assert.ok(await saved.isVisible(), `the bot form refused: ${(await page.locator('.error, .form-error').allTextContents()).join('; ')}`);
    await page.click('[data-nav="chats"]');
    const member = page.locator('[data-form="member"]');
    await member.locator('select').selectOption('selin_deneme');
    await member.locator('button[type="submit"]').click();
    await page.locator('dd', { hasText: 'Selin Deneme' }).waitFor({ timeout: 10_000 });
    await group.locator('.msg[data-bot="true"]', { hasText: 'Selin Deneme' }).first().waitFor({ timeout: 60_000 });
    await browser.shot(group, 'console-new-bot-speaks');
    const conn = (await db.open()).orm.em.getConnection();
    const rows = await conn.execute<{ n: string }[]>(`select count(*) as n from messages where bot_id = 'selin_deneme'`);
    assert.ok(Number(rows[0]!.n) > 0, 'its lines are in the database');

    // Disabled on its page, Selin falls silent in the group; enabled again, she speaks again.
    const selinLines = group.locator('.msg[data-from="selin_deneme_bot"]'); // her own lines, not replies quoting her
    const enabled = async () => (await conn.execute<{ enabled: boolean }[]>(`select enabled from bots where id = 'selin_deneme'`))[0]!.enabled;
    await page.click('[data-nav="bots"]');
    await page.locator('#bots-table tr[data-bot="selin_deneme"]').click();
    await page.locator('#toggle-bot').click();
    await page.locator('dd', { hasText: /^(kapalı|disabled)$/ }).waitFor({ timeout: 10_000 });
    assert.is(await enabled(), false, 'the row says disabled');
    await group.waitForTimeout(2_500); // a line already on its way may land
    const atDisable = await selinLines.count();
    await group.waitForTimeout(5_000);
    assert.is(await selinLines.count(), atDisable, 'no line from a disabled bot');
    await page.click('[data-nav="bots"]');
    await page.locator('#bots-table tr[data-bot="selin_deneme"] .badge', { hasText: /^(kapalı|disabled)$/ }).waitFor({ timeout: 5_000 });
    await page.locator('#bots-table tr[data-bot="selin_deneme"]').click();
    await page.locator('#toggle-bot').click();
    await page.locator('dd', { hasText: /^(etkin|enabled)$/ }).waitFor({ timeout: 10_000 });
    assert.is(await enabled(), true);
    await selinLines.nth(atDisable).waitFor({ timeout: 60_000 });

    // A memory added in the form is in the table and the database; an empty one is refused at its field; removed, it is gone.
    const memoryForm = page.locator('form:has(#f-content)');
    await memoryForm.locator('#f-kind').selectOption('routine');
    await memoryForm.locator('#f-content').fill('Selin her sabah açılıştan önce grafiklere bakar');
    await memoryForm.locator('#f-relevance').fill('0.8');
    await memoryForm.locator('button[type="submit"]').click();
    const memoryRow = page.locator('tr', { hasText: 'Selin her sabah açılıştan önce grafiklere bakar' });
    await memoryRow.waitFor({ timeout: 10_000 });
    const kept = await conn.execute<{ kind: string; relevance: number }[]>(`select kind, relevance from memories where bot_id = 'selin_deneme' and content = 'Selin her sabah açılıştan önce grafiklere bakar'`);
    assert.equal(kept, [{ kind: 'routine', relevance: 0.8 }]);
    await browser.shot(page, 'console-bot-memory');
    await memoryForm.locator('#f-content').fill('   ');
    await memoryForm.locator('button[type="submit"]').click();
    await memoryForm.locator('[data-field="content"] .error', { hasText: /must not be empty/ }).waitFor({ timeout: 5_000 });
    await memoryRow.locator('button').click();
    await memoryRow.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await conn.execute(`select id from memories where bot_id = 'selin_deneme' and content like 'Selin her sabah%'`), []);
  } finally {
    await browser.close();
    child?.kill('SIGINT');
  }
  const run = await running;
  assert.is(run.code, 0, run.stderr.slice(-2_000));
});

async function waitFor<T>(probe: () => T | undefined, ms: number, why: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(why());
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.run();
