// The operator's commands on the sandbox page, without NATS, in real Chromium: pause stops the group
// until resume, a news shock moves the price and a bot takes the headline up, a bot says the line
// typed — the same command service as NATS. A post from another origin is refused. Screenshot kept.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import { SystemClock } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';
import { startNodeCommands } from '../../infra/commands/index.ts';
import { brisk, sleep } from './commands-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

test('pause/resume, a news shock and a bot\'s line from the page; another origin is refused', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const logger = memoryLogger('warn');
  const audit = memoryLogger('info');
  const t = await startTelegramNode({ config: brisk(), clock: new SystemClock({ speed: 4 }), seed: 31, logger, telegram: { mode: 'sandbox', port: 0 }, script: false, cardsEveryMs: 500, pollSec: 5 });
  const commands = startNodeCommands({ node: t.node, apply: t.apply, check: t.check, id: 'page-node', logger, audit });
  t.handleCommands((chatId, body) => commands.service.chat(chatId, body, { user: 'sandbox', via: 'sandbox' }));
  const profile = mkdtempSync(path.join(tmpdir(), 'piyasa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(t.server!.url);
    const bots = page.locator('.msg[data-bot="true"]');
    await bots.first().waitFor({ timeout: 20_000 });

    await page.click('#op-pause');
    await page.locator('#op-result', { hasText: '"paused":true' }).waitFor({ timeout: 10_000 });
    await sleep(1_500);
    const n = await bots.count();
    await sleep(5_000);
    assert.is(await bots.count(), n, 'the group is silent while paused');
    await page.click('#op-resume');
    await page.locator('#op-result', { hasText: '"paused":false' }).waitFor({ timeout: 10_000 });
    await bots.nth(n).waitFor({ timeout: 20_000 });

    const before = t.node.market.quote('ETHUSDT')!.price;
    await page.fill('#op-headline', 'Ethereum güncellemesi ertelendi');
    await page.selectOption('#op-symbol', 'ETHUSDT');
    await page.selectOption('#op-impact', '-0.6');
    await page.click('#op-news');
    await page.locator('#op-result', { hasText: '"prices"' }).waitFor({ timeout: 10_000 });
    assert.ok(t.node.market.quote('ETHUSDT')!.price < before, 'ETH fell');
    await page.locator('.msg[data-bot="true"]', { hasText: 'Ethereum güncellemesi ertelendi' }).first().waitFor({ timeout: 30_000 });

    await page.selectOption('#op-bot', 'ali_ekonomist_bot');
    await page.fill('#op-text', 'Arkadaşlar, yarınki enflasyon verisine dikkat.');
    await page.click('#op-say');
    await page.locator('#op-result', { hasText: '"said"' }).waitFor({ timeout: 15_000 });
    const line = page.locator('.msg[data-from="ali_ekonomist_bot"]', { hasText: 'yarınki enflasyon verisine dikkat' });
    await line.first().waitFor({ timeout: 5_000 });

    // A refusal is shown too.
    await page.fill('#op-text', '');
    await page.click('#op-say');
    await page.locator('#op-result.bad', { hasText: 'say: text: must not be empty' }).waitFor({ timeout: 5_000 });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-page-commands.png'), fullPage: true });

    // Another site's page cannot command: no JSON without a preflight, and a named foreign origin is refused.
    const url = `${t.server!.url}/api/command`;
    const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ chatId: t.chatIds.get('demo'), body: { cmd: 'pause' } }) });
    assert.is(form.status, 403);
    const foreign = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: JSON.stringify({ chatId: t.chatIds.get('demo'), body: { cmd: 'pause' } }) });
    assert.is(foreign.status, 403);
    assert.ok(audit.lines.every((l) => l.fields?.user === 'sandbox'), 'only the page\'s own commands ran');
    assert.not.ok(audit.lines.some((l) => l.fields?.cmd === 'pause' && audit.lines.filter((x) => x.fields?.cmd === 'pause').length > 1), 'one pause: the page\'s');
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await commands.stop();
    await t.stop();
  }
});

test.run();
