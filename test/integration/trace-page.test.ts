// The page's trace view in real Chromium: a node on the sandbox with tracing on (no exporter: the
// in-process store of recent traces) — a click on a bot message's trace button shows its waterfall
// (the director's turn, the composition, the LLM call to the local Groq-compatible server, the
// Telegram call);
// a person's mention's answer links to the person's own trace. Screenshot in test/artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import { GroqLikeServer, SystemClock } from '../../transport/index.ts';
import { createNodeLlm } from '../../infra/root/llm.ts';
import { DEMO_CONFIG_PATH, loadConfig, otelSettings, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';
import { startNodeTelemetry } from '../../infra/root/telemetry.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');
const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };

test('click a message\'s trace: its spans as a waterfall; a mention\'s answer links to the person\'s trace', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const logger = memoryLogger('warn');
  const groq = new GroqLikeServer({ apiKey: 'gsk_pageTESTkey0123456789' });
  const baseURL = await groq.listen();
  const llm = createNodeLlm({ apiKey: 'gsk_pageTESTkey0123456789', baseURL, fastModel: 'openai/gpt-oss-20b', smartModel: 'openai/gpt-oss-120b' }, { clock: new SystemClock(), logger: memoryLogger('warn') });
  const tel = await startNodeTelemetry({ port: 0, host: '127.0.0.1', nodeId: 'page-node', otel: otelSettings({}), keepRecent: true, logger });
  const t = await startTelegramNode({
    config, clock: new SystemClock({ speed: 40 }), seed: 23, logger, telegram: { mode: 'sandbox', port: 0 }, http: tel.http, cardsEveryMs: 500, pollSec: 5, llm: llm.llm,
    ...tel.nodeOptions, onTelegramRequest: (r) => tel.metrics.telegramRequest(r),
  });
  const profile = mkdtempSync(path.join(tmpdir(), 'piyasa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(t.server!.url);
    const botMessage = page.locator('.msg[data-bot="true"]').nth(1);
    await botMessage.waitFor({ timeout: 20_000 });
    await botMessage.locator('.trace-btn').click();
    const rows = page.locator('#trace .span-row');
    for (const name of ['chat.turn', 'bot.compose', 'llm.generate', 'chat openai/gpt-oss-20b', 'telegram.sendMessage']) await rows.filter({ has: page.locator(`text=${name}`) }).first().waitFor({ timeout: 5_000 });
    const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-span')));
    assert.is(names[0], 'chat.turn', 'the turn is the root');
    assert.match(await page.locator('#trace .span-attrs').first().textContent() ?? '', /turn\.why=director|turn\.why=addressed/);
    const bars = await page.locator('#trace .span-bar').count();
    assert.is(bars, names.length, 'a bar per span');

    // A person mentions a bot; the answer's trace links back to the person's message.
    await page.fill('#name', 'deniz');
    await page.fill('#text', '@can_chartist_bot THYAO için destek neresi sence?');
    await page.click('#send');
    const mine = page.locator('.msg[data-from="deniz"]').last();
    await mine.waitFor({ timeout: 5_000 });
    const id = await mine.getAttribute('data-id');
    const answer = page.locator(`.msg[data-bot="true"][data-reply-to="${id}"]`).first();
    await answer.waitFor({ timeout: 20_000 });
    await answer.locator('.trace-btn').click();
    await page.locator('#trace .span-attrs', { hasText: 'turn.why=addressed' }).waitFor({ timeout: 5_000 });
    const answerTrace = await page.locator('#trace').getAttribute('data-trace-id');
    await page.locator('#trace a', { hasText: 'bağlantılı iz' }).first().click();
    await rows.filter({ has: page.locator('text=telegram.update') }).first().waitFor({ timeout: 5_000 });
    await rows.filter({ has: page.locator('text=chat.human') }).first().waitFor({ timeout: 5_000 });
    assert.ok((await page.locator('#trace').getAttribute('data-trace-id')) !== answerTrace, 'the person\'s message has a trace of its own');

    // Back to the answer for the picture.
    await answer.locator('.trace-btn').click();
    await page.locator('#trace .span-row').filter({ has: page.locator('text=telegram.sendMessage') }).first().waitFor({ timeout: 5_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'trace-view.png'), fullPage: true });
    assert.ok(existsSync(path.join(ARTIFACTS, 'trace-view.png')));
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await t.stop();
    await tel.close();
    await groq.close();
  }
});

test.run();
