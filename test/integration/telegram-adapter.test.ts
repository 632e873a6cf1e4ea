// The grammY adapter against the sandbox over HTTP, method by method: getMe per token, getChat,
// threaded sendMessage with idempotency keys, typing, reactions (whitelist, U+FE0F, no retried 400),
// 429 with retry_after, the circuit breaker, revoked tokens and removed bots, tokens never leaked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Api } from 'grammy';
import { Fatal, Invalid, RateLimited, Transient } from '../../actors/index.ts';
import { GrammyTelegram, SystemClock } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { BOTS, GROUP, TOKENS, fixture, until } from './telegram-fixture.ts';

/** Limits loose enough that the adapter's own pacing does not slow a test down. */
const FAST = { perChatPerSec: 1000, perBotPerChatPerMin: 1000, perBotPerSec: 1000 };

const noToken = (text: string): void => {
  for (const t of TOKENS) {
    assert.not.ok(text.includes(t), `a token leaked: ${text.slice(0, 200)}`);
    assert.not.ok(text.includes(t.split(':')[1]!), `a token's secret leaked: ${text.slice(0, 200)}`);
  }
};

test('getMe is distinct per token, and connect() checks tokens against handles and reads getChat', async () => {
  const f = await fixture({ availableReactions: ['👍', '🔥'] });
  try {
    const ids = await Promise.all(BOTS.map((b) => new Api(b.token, { apiRoot: f.server.url }).getMe()));
    assert.equal(ids.map((m) => m.username), BOTS.map((b) => b.username));
    assert.equal(ids.map((m) => m.id), [111111, 222222, 333333]);
    assert.equal(await f.telegram.connect(), []);
    const chat = await new Api(BOTS[0].token, { apiRoot: f.server.url }).getChat(GROUP);
    assert.is(chat.type, 'supergroup');
    assert.equal('available_reactions' in chat ? chat.available_reactions?.map((r) => (r.type === 'emoji' ? r.emoji : '')) : [], ['👍', '🔥']);
    // The chat restricts reactions: 😁 is on Telegram's list but not this group's, refused before any request.
    const before = f.sandbox.requests.length;
    await f.telegram.setMessageReaction('ali', 'g', 1, '😁').then(() => assert.unreachable('accepted'), (e: unknown) => assert.instance(e, Invalid));
    assert.is(f.sandbox.requests.length, before);
    // A wrong handle is reported.
    const wrong = new GrammyTelegram({ bots: [{ botId: 'x', token: BOTS[1].token, username: 'someone_else_bot' }], chats: [], apiRoot: f.server.url, clock: new SystemClock(), logger: memoryLogger() });
    const problems = await wrong.connect();
    assert.is(problems.length, 1);
    assert.match(problems[0]!, /@ali_ekonomist_bot, not @someone_else_bot/);
  } finally {
    await f.close();
  }
});

test('sendMessage threads with reply_parameters, ids grow per chat, one idempotency key sends once', async () => {
  const f = await fixture();
  try {
    const human = f.sandbox.human({ chatId: GROUP, username: 'deniz', text: '@ayse_scalp_bot THYAO?' });
    const a = await f.telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'THYAO güçlü 🚀', replyTo: human.message_id, idempotencyKey: 'g:ayse:1' });
    const again = await f.telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'THYAO güçlü 🚀', replyTo: human.message_id, idempotencyKey: 'g:ayse:1' });
    const b = await f.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'Veri önemli.', idempotencyKey: 'g:ali:2' });
    assert.is(a.messageId, human.message_id + 1);
    assert.equal(again, a);
    assert.is(b.messageId, a.messageId + 1);
    const sent = f.sandbox.messages(GROUP).filter((m) => m.from.is_bot);
    assert.is(sent.length, 2, 'the repeated key was not sent again');
    assert.is(sent[0]!.reply_to_message?.message_id, human.message_id);
    assert.is(sent[0]!.from.username, 'ayse_scalp_bot');
    assert.is(sent[1]!.reply_to_message, undefined);
    // A reply to a message that does not exist still goes out (allow_sending_without_reply).
    const gone = await f.telegram.sendMessage({ botId: 'can', chatId: 'g', text: 'Destek 280.', replyTo: 9_999, idempotencyKey: 'g:can:3' });
    assert.ok(gone.messageId > b.messageId);
    // 400s are Invalid and never retried: one request each.
    const n = f.sandbox.requests.length;
    await f.telegram.sendMessage({ botId: 'can', chatId: 'g', text: 'x'.repeat(4097), idempotencyKey: 'g:can:4' }).then(() => assert.unreachable(), (e: unknown) => {
      assert.instance(e, Invalid);
      assert.match((e as Error).message, /message is too long/);
    });
    assert.is(f.sandbox.requests.length, n + 1);
  } finally {
    await f.close();
  }
});

test('sendChatAction shows typing; sending the message ends it', async () => {
  const f = await fixture();
  try {
    const typing: string[] = [];
    f.sandbox.events.on('event', (e: { type: string; username?: string }) => e.type === 'typing' && typing.push(e.username!));
    await f.telegram.sendChatAction('ali', 'g', 'typing');
    assert.equal(typing, ['ali_ekonomist_bot']);
    assert.is(f.sandbox.snapshot().typing.length, 1);
    await f.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'Enflasyon verisi önemli.', idempotencyKey: 'k1' });
    assert.is(f.sandbox.snapshot().typing.length, 0);
  } finally {
    await f.close();
  }
});

test('setMessageReaction: U+FE0F stripped, emoji off the list refused before sending, a sandbox 400 not retried', async () => {
  const f = await fixture();
  try {
    const h = f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'Altın rekor kırdı!' });
    await f.telegram.setMessageReaction('can', 'g', h.message_id, '❤️'); // U+2764 U+FE0F
    const view = f.sandbox.snapshot().messages.find((m) => m.id === h.message_id)!;
    assert.equal(view.reactions, { '\u2764': ['Can Teknik'] });
    const before = f.sandbox.requests.length;
    await f.telegram.setMessageReaction('can', 'g', h.message_id, '🚀').then(() => assert.unreachable(), (e: unknown) => assert.instance(e, Invalid));
    assert.is(f.sandbox.requests.length, before, 'no request for an emoji Telegram refuses');
    // The sandbox itself answers 400 REACTION_INVALID for FE0F forms and unlisted emoji, and 400 for an unknown message.
    const api = new Api(BOTS[2].token, { apiRoot: f.server.url });
    for (const emoji of ['❤️', '🚀', '📈']) {
      await api.setMessageReaction(GROUP, h.message_id, [{ type: 'emoji', emoji: emoji as '👍' }]).then(() => assert.unreachable(emoji), (e: Error) => assert.match(e.message, /REACTION_INVALID/));
    }
    const n = f.sandbox.requests.length;
    await f.telegram.setMessageReaction('can', 'g', 424_242, '👍').then(() => assert.unreachable(), (e: unknown) => assert.instance(e, Invalid));
    assert.is(f.sandbox.requests.length, n + 1, 'a 400 is answered once, never retried');
  } finally {
    await f.close();
  }
});

test('a REACTION_INVALID from the group re-reads its allowed reactions: the same emoji is then refused locally', async () => {
  const f = await fixture({ availableReactions: ['👍'] });
  try {
    const h = f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'selam' });
    const reactions = () => f.sandbox.requests.filter((r) => r.method === 'setMessageReaction').length;
    await f.telegram.setMessageReaction('ali', 'g', h.message_id, '🔥').then(() => assert.unreachable(), (e: unknown) => assert.match((e as Error).message, /REACTION_INVALID/));
    assert.is(reactions(), 1);
    await until(() => f.sandbox.requests.some((r) => r.method === 'getChat'), 2_000, 'the re-read');
    await f.telegram.setMessageReaction('ali', 'g', h.message_id, '🔥').then(() => assert.unreachable(), (e: unknown) => assert.instance(e, Invalid));
    assert.is(reactions(), 1, 'no second request for a reaction the group refuses');
    await f.telegram.setMessageReaction('ali', 'g', h.message_id, '👍');
    assert.is(reactions(), 2);
  } finally {
    await f.close();
  }
});

test('429: retry_after is waited out inside the call when short, handed back as RateLimited when long', async () => {
  const f = await fixture({ sandbox: { limits: { perChatPerSec: 1, perBotPerChatPerMin: 1000, perBotPerSec: 1000 } }, adapter: { limits: { perChatPerSec: 100, perBotPerChatPerMin: 1000, perBotPerSec: 1000 }, retry: { maxRetryAfterSec: 5, maxAttempts: 3 } } });
  try {
    const t0 = Date.now();
    await f.telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'bir', idempotencyKey: 'a' });
    await f.telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'iki', idempotencyKey: 'b' });
    const took = Date.now() - t0;
    assert.ok(took >= 900, `the second send waited for retry_after (${took} ms)`);
    const statuses = f.sandbox.requests.filter((r) => r.method === 'sendMessage').map((r) => r.status);
    assert.equal(statuses, [200, 429, 200]);
    assert.is(f.sandbox.messages(GROUP).length, 2);

    const strict = await fixture({ sandbox: { limits: { perChatPerSec: 1, perBotPerChatPerMin: 1000, perBotPerSec: 1000 } }, adapter: { limits: { perChatPerSec: 100, perBotPerChatPerMin: 1000, perBotPerSec: 1000 }, retry: { maxRetryAfterSec: 0, maxAttempts: 3 } } });
    try {
      await strict.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'bir', idempotencyKey: 'a' });
      const e = await strict.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'iki', idempotencyKey: 'b' }).then(() => undefined, (x: unknown) => x);
      assert.instance(e, RateLimited);
      assert.is((e as RateLimited).retryAfterMs, 1000);
    } finally {
      await strict.close();
    }
  } finally {
    await f.close();
  }
});

test('the circuit breaker opens after consecutive 5xx, fails fast without requests, and recovers', async () => {
  let failing = true;
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    const body = failing ? { ok: false, error_code: 502, description: 'Bad Gateway' } : { ok: true, result: { message_id: 7, date: 0, chat: { id: GROUP, type: 'supergroup' }, text: 'ok' } };
    res.writeHead(failing ? 502 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logger = memoryLogger();
  const telegram = new GrammyTelegram({ bots: [{ botId: 'ayse', token: BOTS[0].token }], chats: [{ chatId: 'g', telegramId: GROUP }], apiRoot: url, clock: new SystemClock(), logger, breaker: { threshold: 3, cooldownMs: 300 }, limits: FAST });
  try {
    for (let i = 0; i < 3; i++) {
      await telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'x', idempotencyKey: `k${i}` }).then(() => assert.unreachable(), (e: unknown) => assert.instance(e, Transient));
    }
    assert.is(hits, 3);
    assert.is(telegram.breakerState('ayse'), 'open');
    await telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'x', idempotencyKey: 'k3' }).then(() => assert.unreachable(), (e: unknown) => {
      assert.instance(e, Transient);
      assert.match((e as Error).message, /circuit open/, (e as Error).message);
    });
    assert.is(hits, 3, 'no request while open');
    failing = false;
    await new Promise((r) => setTimeout(r, 350));
    const sent = await telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'x', idempotencyKey: 'k4' });
    assert.is(sent.messageId, 7);
    assert.is(telegram.breakerState('ayse'), 'closed');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a revoked token stops that bot once, with a clear line; a bot removed from the group stops there; others go on', async () => {
  const f = await fixture();
  try {
    f.sandbox.revoke('ali_ekonomist_bot');
    const e = await f.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'x', idempotencyKey: 'a1' }).then(() => undefined, (x: unknown) => x as Error);
    assert.instance(e, Fatal);
    assert.match(e!.message, /401/);
    const n = f.sandbox.requests.length;
    await f.telegram.sendChatAction('ali', 'g', 'typing').then(() => assert.unreachable(), (x: unknown) => assert.instance(x, Fatal));
    assert.is(f.sandbox.requests.length, n, 'a stopped bot makes no more requests');

    f.sandbox.kick(GROUP, 'can_chartist_bot');
    await f.telegram.sendMessage({ botId: 'can', chatId: 'g', text: 'x', idempotencyKey: 'c1' }).then(() => assert.unreachable(), (x: unknown) => {
      assert.instance(x, Fatal);
      assert.match((x as Error).message, /403/);
    });
    await f.telegram.sendMessage({ botId: 'can', chatId: 'g', text: 'y', idempotencyKey: 'c2' }).catch(() => undefined);

    const ok = await f.telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'Ben buradayım 🚀', idempotencyKey: 'y1' });
    assert.ok(ok.messageId > 0);
    assert.equal(f.down.map((d) => [d.botId, d.chatId ?? '*']), [['ali', '*'], ['can', 'g']], 'each bot reported down once');
    const lines = f.logger.lines.filter((l) => l.event === 'telegram.bot-down');
    assert.is(lines.length, 2);
    assert.match(String(lines[0]!.fields?.reason), /bot ali stopped: its token was revoked/);
    assert.match(String(lines[1]!.fields?.reason), /bot can stopped in chat g: it was removed from the group/);
    for (const l of f.logger.lines) noToken(JSON.stringify(l));
    noToken(e!.message + String(e!.stack));
  } finally {
    await f.close();
  }
});

test('network failures come back as Transient with the token redacted', async () => {
  const f = await fixture();
  const url = f.server.url;
  await f.close();
  const telegram = new GrammyTelegram({ bots: [{ botId: 'ayse', token: BOTS[0].token }], chats: [{ chatId: 'g', telegramId: GROUP }], apiRoot: url, clock: new SystemClock(), logger: memoryLogger() });
  const e = await telegram.sendMessage({ botId: 'ayse', chatId: 'g', text: 'x', idempotencyKey: 'n1' }).then(() => undefined, (x: unknown) => x as Error);
  assert.instance(e, Transient);
  noToken(`${e!.message} ${e!.stack ?? ''}`);
});

test.run();
