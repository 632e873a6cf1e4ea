// The sandbox's page in real Chromium (Debian's, driven by playwright-core): it loads, bot messages
// arrive live, typing shows, the bot cards carry mood and P&L; a person types a mention in the
// composer and the mentioned bot's threaded reply appears; a click on a bot's message and a plain
// text replies to it, and that bot answers. A screenshot is kept in test/artifacts/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import { SystemClock } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');
const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };

test('the page shows the group live; a mention typed in the composer gets the bot\'s threaded reply', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const t = await startTelegramNode({ config, clock: new SystemClock({ speed: 40 }), seed: 21, logger: memoryLogger('warn'), telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 200, pollSec: 5 });
  const profile = mkdtempSync(path.join(tmpdir(), 'piyasa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 860 },
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(t.server!.url);
    // "… yazıyor" shows from a bot's typing until its message (about 40 ms at this clock's speed): a
    // visibility poll on a loaded machine can miss every one, so the page notes each time it shows.
    await page.evaluate(`{
      const el = document.getElementById('typing');
      new MutationObserver(() => { if (el.textContent.includes('yazıyor')) globalThis.typingShown = true; })
        .observe(el, { childList: true, characterData: true, subtree: true });
    }`);
    await page.locator('.msg[data-bot="true"]').nth(1).waitFor({ timeout: 20_000 });
    await page.locator('.card .mood').first().waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => (globalThis as unknown as { typingShown?: boolean }).typingShown === true, undefined, { timeout: 20_000 });
    assert.match(await page.locator('.card .pnl').first().textContent() ?? '', /^K\/Z: [+-]\d+\.\d\d%$/);
    assert.match(await page.locator('#title').textContent() ?? '', /Piyasa Sohbet/);

    await page.fill('#name', 'deniz');
    await page.fill('#text', '@can_chartist_bot THYAO için destek neresi sence?');
    await page.click('#send');
    const mine = page.locator('.msg[data-from="deniz"]').last();
    await mine.waitFor({ timeout: 5_000 });
    const id = await mine.getAttribute('data-id');
    const reply = page.locator(`.msg[data-bot="true"][data-reply-to="${id}"]`).first();
    await reply.waitFor({ timeout: 20_000 });
    assert.is(await reply.getAttribute('data-from'), 'can_chartist_bot');
    assert.match(await reply.locator('.quote').textContent() ?? '', /deniz: @can_chartist_bot THYAO/);

    // Reply by clicking a bot's message: that bot answers, threaded, with no mention typed.
    const target = page.locator('.msg[data-bot="true"][data-from="fatma_temettu_bot"]').last();
    await target.waitFor({ timeout: 20_000 });
    await target.click();
    await page.fill('#text', 'temettü için hangi hisseler?');
    await page.click('#send');
    const second = page.locator('.msg[data-from="deniz"]').last();
    await page.locator('.msg[data-from="deniz"]').nth(1).waitFor({ timeout: 5_000 });
    const secondId = await second.getAttribute('data-id');
    assert.ok((await second.getAttribute('data-reply-to')) !== null, 'sent as a reply');
    const answer = page.locator(`.msg[data-bot="true"][data-reply-to="${secondId}"]`).first();
    await answer.waitFor({ timeout: 20_000 });
    assert.is(await answer.getAttribute('data-from'), 'fatma_temettu_bot');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-page.png'), fullPage: true });
    assert.ok(existsSync(path.join(ARTIFACTS, 'sandbox-page.png')));
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await t.stop();
  }
});

test('with two groups the page switches between them', async () => {
  const two: Config = { ...config, chats: [config.chats[0]!, { ...config.chats[0]!, id: 'ikinci', title: 'İkinci Grup' }] };
  const t = await startTelegramNode({ config: two, clock: new SystemClock({ speed: 40 }), seed: 22, logger: memoryLogger('warn'), telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 1_000, pollSec: 5 });
  const profile = mkdtempSync(path.join(tmpdir(), 'piyasa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const second = t.chatIds.get('ikinci')!;
    t.sandbox!.human({ chatId: second, username: 'zeki', text: 'yalnızca ikinci grupta' });
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(t.server!.url);
    await page.locator('#chat-select').waitFor({ state: 'visible', timeout: 5_000 });
    assert.is(await page.locator('.msg[data-from="zeki"]').count(), 0, 'the first group shows only its messages');
    await page.selectOption('#chat-select', String(second));
    await page.locator('.msg[data-from="zeki"]').waitFor({ timeout: 5_000 });
    assert.match(await page.locator('#title').textContent() ?? '', /İkinci Grup/);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await t.stop();
  }
});

test.run();
