// Telegram settings from the environment: none → the sandbox; all tokens and chat ids → Telegram;
// a partial or malformed set stops start-up with a line naming the variables, never their values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, telegramEnv, tokenVar } from '../../infra/config/index.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const all = (): Record<string, string> => Object.fromEntries([
  ...config.bots.map((b, i) => [tokenVar(b.id), `${100001 + i}:AAbbCCddEEffGGhhIIjjKKllMM${i}`]),
  ['PIYASA_TELEGRAM_CHAT_DEMO', '-1001234567890'],
]);
const fails = (env: Record<string, string>, re: RegExp): void => {
  try {
    telegramEnv(config, env);
    assert.unreachable('accepted');
  } catch (e) {
    assert.instance(e, ConfigError);
    assert.match((e as Error).message, re);
    for (const v of Object.values(env)) if (/^\d+:/.test(v)) assert.not.ok((e as Error).message.includes(v), 'a token in the message');
  }
};

test('no token: the sandbox, on PIYASA_HTTP_PORT when set', () => {
  assert.equal(telegramEnv(config, {}), { mode: 'sandbox', port: undefined });
  assert.equal(telegramEnv(config, { PIYASA_HTTP_PORT: '0' }), { mode: 'sandbox', port: 0 });
  fails({ PIYASA_HTTP_PORT: '80a' }, /PIYASA_HTTP_PORT: must be a port number/);
});

test('every token and chat id: Telegram, with the webhook when configured', () => {
  const env = telegramEnv(config, { ...all(), PIYASA_TELEGRAM_WEBHOOK_URL: 'https://bots.example/tg', PIYASA_TELEGRAM_WEBHOOK_SECRET: 'abcdefghijklmnop_1' });
  assert.is(env.mode, 'telegram');
  if (env.mode !== 'telegram') return;
  assert.is(env.tokens.size, config.bots.length);
  assert.is(env.chatIds.get('demo'), -1001234567890);
  assert.equal(env.webhook, { url: 'https://bots.example/tg', secret: 'abcdefghijklmnop_1', port: 8443 });
});

test('a partial or malformed environment names the variables, not the values', () => {
  const some = all();
  delete some[tokenVar('zeynep_newbie')];
  fails(some, /set PIYASA_BOT_TOKEN_ZEYNEP_NEWBIE \(or none of them/);
  fails({ ...all(), [tokenVar('ali_ekonomist')]: 'not-a-token' }, /PIYASA_BOT_TOKEN_ALI_EKONOMIST: is not shaped like a bot token/);
  const noChat = all();
  delete noChat.PIYASA_TELEGRAM_CHAT_DEMO;
  fails(noChat, /PIYASA_TELEGRAM_CHAT_DEMO: set it to the Telegram id of chat "demo"/);
  fails({ ...all(), PIYASA_TELEGRAM_WEBHOOK_URL: 'https://x.example/tg', PIYASA_TELEGRAM_WEBHOOK_SECRET: 'short' }, /PIYASA_TELEGRAM_WEBHOOK_SECRET: a webhook needs a secret/);
});

test.run();
