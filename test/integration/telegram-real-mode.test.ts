// The node in "real Telegram" mode (tokens and chat ids from the environment) against a sandbox
// standing in for api.telegram.org: by long polling (grammY's loop; Telegram keeps the offset) and by
// webhook (one server, a path per token, the secret checked). A person's mention is answered by that
// bot, threaded.
import { createServer } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Api } from 'grammy';
import { Sandbox, SystemClock, serveSandbox } from '../../transport/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, telegramEnv, type Config } from '../../infra/config/index.ts';
import { roundTheClock } from './piyasa-run.ts';
import { memoryLogger } from '../../infra/log.ts';
import { startTelegramNode } from '../../infra/root/telegram.ts';
import { until } from './telegram-fixture.ts';

const demo = roundTheClock(loadConfig(DEMO_CONFIG_PATH));
const always = demo.bots.filter((b) => b.activeHours.length === 0);
const config: Config = { ...demo, bots: always, chats: [{ ...demo.chats[0]!, members: always.map((b) => b.id), script: [] }] };
const GROUP = -1009876543210;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function scenario(webhook: boolean, revoked?: string): Promise<void> {
  const sandbox = new Sandbox({ limits: config.settings.telegram });
  const env: Record<string, string> = {};
  always.forEach((b, i) => {
    const token = `${5_000_001 + i}:${b.id.replace(/_/g, '-')}-token-xxxxxxxxxxxxxxxx`;
    env[`PIYASA_BOT_TOKEN_${b.id.toUpperCase()}`] = token;
    sandbox.addBot({ token, username: b.handle, firstName: b.name, canReadAll: i === 0 });
  });
  sandbox.addChat({ id: GROUP, title: 'Gerçek grup', bots: always.map((b) => b.handle) });
  if (revoked) sandbox.revoke(revoked);
  const server = await serveSandbox(sandbox, { port: 0 });
  env.PIYASA_TELEGRAM_CHAT_DEMO = String(GROUP);
  env.TELEGRAM_API_ROOT = `${server.url}/`;
  const port = await freePort();
  if (webhook) {
    env.PIYASA_TELEGRAM_WEBHOOK_URL = `http://127.0.0.1:${port}/hooks`;
    env.PIYASA_TELEGRAM_WEBHOOK_SECRET = 'a-webhook-secret-of-some-length';
    env.PIYASA_TELEGRAM_WEBHOOK_PORT = String(port);
  }
  const telegram = telegramEnv(config, env);
  assert.is(telegram.mode, 'telegram');
  const logger = memoryLogger('warn');
  const t = await startTelegramNode({ config, clock: new SystemClock({ speed: 40 }), seed: 4, logger, telegram, host: '127.0.0.1', pollSec: 5 });
  try {
    assert.is(t.sandbox, undefined, 'no embedded sandbox with tokens');
    const listenerToken = env[`PIYASA_BOT_TOKEN_${always[0]!.id.toUpperCase()}`]!;
    const info = await new Api(listenerToken, { apiRoot: server.url }).getWebhookInfo();
    assert.is(info.url, webhook ? `http://127.0.0.1:${port}/hooks/5000001` : '');
    const can = always.find((b) => b.handle === 'can_chartist_bot')!;
    const q = sandbox.human({ chatId: GROUP, username: 'deniz', text: `@${can.handle} EREGL için seviyeler?` });
    await until(() => sandbox.messages(GROUP).some((m) => m.from.is_bot && m.reply_to_message?.message_id === q.message_id), 20_000, 'the threaded answer');
    const answer = sandbox.messages(GROUP).find((m) => m.reply_to_message?.message_id === q.message_id)!;
    assert.is(answer.from.username, can.handle);
    assert.equal(t.intake.counts.recorded, 1, 'the person\'s message went through the intake');
    if (revoked) {
      const down = logger.lines.filter((l) => l.event === 'telegram.bot-down');
      assert.is(down.length, 1, 'found at start-up, reported once');
      assert.not.ok(sandbox.messages(GROUP).some((m) => m.from.username === revoked), 'it never sends');
      assert.equal(t.node.deadLetters.list().filter((d) => (d.message as { kind?: string }).kind === 'memberDown'), [], 'the chat heard of it');
      const status = await t.node.command(config.chats[0]!.id, { cmd: 'status' });
      assert.is(status.ok && (status.dropped as Record<string, number>)['send-failed'], undefined, 'no turn offered to it failed');
    }
    for (const l of logger.lines) for (const v of Object.values(env)) if (/^\d+:/.test(v)) assert.not.ok(JSON.stringify(l).includes(v), 'a token in a log line');
  } finally {
    await t.stop();
    await server.close();
  }
}

test('real-Telegram mode by long polling', () => scenario(false));
test('real-Telegram mode by webhook with the secret token', () => scenario(true));
test('a token revoked before start-up: that bot is out from the start, the others answer', () => scenario(false, 'fatma_temettu_bot'));

test.run();
