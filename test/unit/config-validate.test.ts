// One bot, chat or setting checked on its own (what the console and commands do at run time): every
// problem with its path and rule, the config file's cross-entry rules included.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, DEMO_CONFIG_PATH, loadConfig, validateBot, validateChat, validateSetting } from '../../infra/config/index.ts';

const demo = parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as { bots: Record<string, unknown>[]; chats: Record<string, unknown>[] };
const config = loadConfig(DEMO_CONFIG_PATH);
const bot: Record<string, unknown> = { ...demo.bots[0]!, id: 'yeni_bot', handle: 'yeni_bot_handle' };

test('a valid bot comes back as a Persona with its defaults', () => {
  const { language: _, ...noLanguage } = bot;
  const r = validateBot(noLanguage, config.bots);
  assert.ok(r.ok);
  if (r.ok) assert.is(r.value.language, 'tr');
});

test('a bad bot: every field error, with paths relative to the entry', () => {
  const r = validateBot({ ...bot, hourlyLimit: 1e308, speed: { ...(bot.speed as object), readCps: 'hızlı' }, colour: 'red' }, config.bots);
  assert.not.ok(r.ok);
  if (r.ok) return;
  assert.equal(r.errors, [
    { path: 'colour', message: 'unknown field' },
    { path: 'speed.readCps', message: 'must be a finite number (got "hızlı")' },
    { path: 'hourlyLimit', message: 'must be between 1 and 3600 (got 1e+308)' },
  ]);
});

test("a bot whose handle another bot has is refused; replacing a bot by its id is not", () => {
  const r = validateBot({ ...bot, handle: 'MEHMET_trader_bot' }, config.bots);
  assert.equal(r.ok ? [] : r.errors, [{ path: 'handle', message: 'duplicate handle "mehmet_trader_bot" (already used by bot mehmet_trader)' }]);
  assert.ok(validateBot(demo.bots[0], config.bots).ok);
});

test('a chat: members must be bots, script replies must go to earlier lines', () => {
  const chat = { id: 'yeni', title: 'Yeni grup', members: ['mehmet_trader', 'hayalet'], script: [{ id: 'a', afterSec: 5, user: 'deniz', text: 'selam', replyTo: 'b' }] };
  const r = validateChat(chat, config.bots);
  assert.equal(r.ok ? [] : r.errors, [
    { path: 'members[1]', message: 'no bot with id "hayalet"' },
    { path: 'script[0].replyTo', message: 'must name an earlier script line of this chat (got "b")' },
  ]);
  const ok = validateChat({ id: 'yeni', title: 'Yeni grup', members: ['mehmet_trader', 'ayse_scalp'] }, config.bots);
  assert.ok(ok.ok);
  if (ok.ok) assert.is(ok.value.timezone, 'Europe/Istanbul');
  const bad = validateChat({ id: 'Yeni Grup', title: '', members: [] }, config.bots);
  assert.equal(bad.ok ? [] : bad.errors.map((e) => e.path), ['id', 'title', 'members']);
});

test('a setting on top of the current ones: the full settings back, or its error', () => {
  const r = validateSetting('telegram', { perChatPerSec: 2 }, DEFAULT_SETTINGS);
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.value.telegram, { ...DEFAULT_SETTINGS.telegram, perChatPerSec: 2 });
  assert.equal(validateSetting('replyProbability', 3), { ok: false, errors: [{ path: 'settings.replyProbability', message: 'must be between 0 and 1 (got 3)' }] });
  assert.equal(validateSetting('minTurnSec', 500, DEFAULT_SETTINGS), { ok: false, errors: [{ path: 'settings.maxTurnSec', message: 'must be > minTurnSec (500) (got 180)' }] });
  assert.equal(validateSetting('replyProbabilty', 0.3), { ok: false, errors: [{ path: 'settings.replyProbabilty', message: 'unknown field (did you mean "replyProbability"?)' }] });
});

test.run();
