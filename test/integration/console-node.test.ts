// The console on a running node in the sandbox, in Chromium: an operator pauses the chat in the
// console and the group in the sandbox's page falls silent; resumed, it talks again. The console's
// clicks reach the chat's actor through a command service that hands chat commands to the node's
// command() — the real CommandService takes its place when it is in main.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommandReply, ChatCommand } from '../../actors/index.ts';
import type { CommandService } from '../../infra/commands/types.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode, type TelegramNode } from '../../infra/root/telegram.ts';
import { SystemClock } from '../../transport/index.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startConsoleFixture } from './console-fixture.ts';

const demo = loadConfig(DEMO_CONFIG_PATH);
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };

/** Chat commands to the node's chat actors (pause, resume, status, pace). */
function nodeCommands(t: TelegramNode): CommandService {
  return {
    chat: (chatId, body) => t.node.command(chatId, body as ChatCommand),
    cluster: async (): Promise<CommandReply> => ({ ok: false, error: 'not in this test' }),
  };
}

test('pause in the console: the sandbox group falls silent; resume: it talks again', async () => {
  const t = await startTelegramNode({ config, clock: new SystemClock({ speed: 40 }), seed: 31, logger: memoryLogger('warn'), telegram: { mode: 'sandbox', port: 0 }, cardsEveryMs: 1_000, pollSec: 5 });
  const f = await startConsoleFixture({ commands: () => nodeCommands(t) });
  const browser = await launchChromium();
  try {
    await f.users.add('test', { username: 'mehmet', password: PASSWORD, role: 'operator' });
    const group = await browser.context.newPage();
    await group.goto(t.server!.url);
    const botLines = group.locator('.msg[data-bot="true"]');
    await botLines.nth(1).waitFor({ timeout: 30_000 });

    const console = await browser.page();
    await console.goto(f.url);
    await console.fill('#f-username', 'mehmet');
    await console.fill('#f-password', PASSWORD);
    await console.click('#sign-in');
    await console.click('[data-nav="chats"]');
    await console.locator('#pause-demo').click();
    await console.locator('[data-chat-state="demo"]', { hasText: 'duraklatıldı' }).waitFor({ timeout: 5_000 });
    await browser.shot(console, 'console-chat-paused');

    // A turn already on the floor may still land; after that, nothing for 6 s (some 4 minutes of chat time).
    await group.waitForTimeout(1_500);
    const atPause = await botLines.count();
    await group.waitForTimeout(6_000);
    assert.is(await botLines.count(), atPause, 'no bot line while paused');
    await browser.shot(group, 'console-sandbox-paused');

    await console.locator('#resume-demo').click();
    await console.locator('[data-chat-state="demo"]', { hasText: 'çalışıyor' }).waitFor({ timeout: 5_000 });
    await botLines.nth(atPause).waitFor({ timeout: 30_000 });
    assert.ok(await botLines.count() > atPause, 'talking again after resume');
  } finally {
    await browser.close();
    await f.close();
    await t.stop();
  }
});

test.run();
