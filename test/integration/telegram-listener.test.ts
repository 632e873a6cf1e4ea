// The humans' side against the sandbox and bare Bot API servers over HTTP: real long polling (offset,
// timeout, 409 for a second poller) through grammY's own loop, updates confirmed only after the intake
// recorded them (a stop while a record waits leaves the update with Telegram), edits, bots ignored,
// private messages, the webhook with its secret token (500 until recorded), malformed updates that never
// stop the listener and are logged once; against a server that answers at once: at most 10 polls a
// second, an update id reset after silence taken, a non-Telegram error logged with its status and body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Api } from 'grammy';
import type { HumanIntake, HumanMessage, InboundUpdate } from '../../actors/index.ts';
import { MemoryIntake } from '../../persistence/index.ts';
import { SystemClock, TelegramListener, type ListenerOptions } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { BOTS, GROUP, fixture, until, type Fixture } from './telegram-fixture.ts';

const LISTENER = BOTS[0]; // privacy off in the fixture: it sees every human message

function listen(apiRoot: string, extra: Partial<ListenerOptions> = {}) {
  const humans: HumanMessage[] = [];
  const logger = memoryLogger('debug');
  const intake = new MemoryIntake((h) => humans.push(h));
  const listener = new TelegramListener({
    token: LISTENER.token, apiRoot, chats: new Map([[GROUP, 'g']]), clock: new SystemClock(), logger, intake, timeoutSec: 2, ...extra,
  });
  return { listener, humans, logger, intake };
}

/** A bare Bot API server: `answer` gets each call's method and JSON body. */
async function botApi(answer: (method: string, body: Record<string, unknown>, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
      } catch {
        body = {};
      }
      answer(req.url?.split('/').pop() ?? '', body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
const reply = (res: ServerResponse, body: unknown, status = 200) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const person = (id: number, text: string) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: { id: 5, is_bot: false, first_name: 'Ece' }, text } });

test('getUpdates long-polls: it waits for the timeout, answers as soon as an update arrives, and offset confirms', async () => {
  const f = await fixture();
  try {
    const api = new Api(BOTS[1].token, { apiRoot: f.server.url });
    let t0 = Date.now();
    assert.equal(await api.getUpdates({ timeout: 1 }), []);
    assert.ok(Date.now() - t0 >= 950, 'an empty long poll lasts its timeout');
    t0 = Date.now();
    setTimeout(() => f.sandbox.human({ chatId: GROUP, username: 'deniz', text: '@ali_ekonomist_bot faiz?' }), 200);
    const got = await api.getUpdates({ timeout: 5 });
    const waited = Date.now() - t0;
    assert.ok(waited >= 150 && waited < 1500, `answered when the update came (${waited} ms)`);
    assert.is(got.length, 1);
    assert.is(got[0]!.message?.text, '@ali_ekonomist_bot faiz?');
    // Privacy mode: Ali (privacy on) does not get a message that neither mentions nor replies to him.
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'genel bir soru' });
    assert.equal(await api.getUpdates({ offset: got[0]!.update_id + 1, timeout: 0 }), [], 'confirmed, and the unmentioned one not delivered');
    // A second poller on the same token ends the first with 409.
    const first = api.getUpdates({ offset: got[0]!.update_id + 1, timeout: 5 }).then(() => 'ok', (e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 50));
    const second = api.getUpdates({ offset: got[0]!.update_id + 1, timeout: 0 });
    assert.match(await first, /409: Conflict: terminated by other getUpdates request/);
    assert.equal(await second, []);
  } finally {
    await f.close();
  }
});

test('the listener records people\'s messages and edits, skips bots, and a stop confirms what was recorded: the next one gets only what came after', async () => {
  const f = await fixture();
  try {
    const a = listen(f.server.url, { privateNote: 'Bu bot yalnızca grupta konuşur.' });
    await a.listener.start();
    const q = f.sandbox.human({ chatId: GROUP, username: 'deniz', text: '@ayse_scalp_bot THYAO?' });
    await until(() => a.humans.length === 1, 5_000, 'the first human message');
    assert.equal({ ...a.humans[0]!, at: 0 }, { chatId: 'g', messageId: q.message_id, userId: q.from.id, username: 'deniz', text: '@ayse_scalp_bot THYAO?', at: 0 });
    assert.equal(a.intake.recorded.map((u) => u.source), ['111111'], 'recorded under the bot\'s id, never the token');
    // A reply and an edit.
    const r = f.sandbox.human({ chatId: GROUP, username: 'elif', text: 'bence de', replyTo: q.message_id });
    f.sandbox.edit(GROUP, q.message_id, '@ayse_scalp_bot THYAO alınır mı?');
    // A bot's message is never input (another bot of ours writes through the API).
    await new Api(BOTS[1].token, { apiRoot: f.server.url }).sendMessage(GROUP, 'Ali burada.');
    await until(() => a.humans.length === 3, 5_000, 'reply and edit');
    assert.is(a.humans[1]!.replyTo, q.message_id);
    assert.is(a.humans[1]!.messageId, r.message_id);
    assert.equal([a.humans[2]!.edited, a.humans[2]!.messageId, a.humans[2]!.text], [true, q.message_id, '@ayse_scalp_bot THYAO alınır mı?']);
    await a.listener.stop();

    // Written while nobody listened; a new listener (nothing stored on our side) gets exactly that one.
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'ben yokken yazdım' });
    const b = listen(f.server.url);
    await b.listener.start();
    await until(() => b.humans.length === 1, 5_000, 'the message written while stopped');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(b.humans.map((h) => h.text), ['ben yokken yazdım'], 'nothing replayed, nothing lost');
    await b.listener.stop();
  } finally {
    await f.close();
  }
});

test('an update whose record has not resolved is never confirmed: stopped meanwhile, the next listener gets it again', async () => {
  const f = await fixture();
  try {
    const waiting: InboundUpdate[] = [];
    const stuck: HumanIntake = { record: (u) => (waiting.push(u), new Promise<void>(() => undefined)) }; // the database is away
    const a = listen(f.server.url, { intake: stuck });
    await a.listener.start();
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'veritabanı yokken 1' });
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'veritabanı yokken 2' });
    await until(() => waiting.length === 1, 5_000, 'the first record to start');
    await new Promise((r) => setTimeout(r, 300));
    assert.is(waiting.length, 1, 'intake stopped at the update being recorded');
    await a.listener.stop();
    const b = listen(f.server.url);
    await b.listener.start();
    await until(() => b.humans.length === 2, 5_000, 'both messages again');
    assert.equal(b.humans.map((h) => h.text), ['veritabanı yokken 1', 'veritabanı yokken 2']);
    await b.listener.stop();
  } finally {
    await f.close();
  }
});

test('malformed updates never stop the listener and each is logged once', async () => {
  const f = await fixture();
  try {
    const a = listen(f.server.url);
    await a.listener.start();
    const u = LISTENER.username;
    const good = (text: string) => ({ message: { message_id: 900, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: { id: 5, is_bot: false, first_name: 'Ece' }, text } });
    f.sandbox.injectRaw(u, { message: { text: 'no ids at all' } });
    f.sandbox.injectRaw(u, { message: { message_id: 901, chat: { id: GROUP, type: 'supergroup' }, text: 'no sender' } });
    f.sandbox.injectRaw(u, { message: 'not an object' });
    f.sandbox.injectRaw(u, { message: { message_id: 902, chat: { id: GROUP, type: 'supergroup' }, from: { id: 6, is_bot: false, first_name: 'x' }, text: 42 } });
    f.sandbox.injectRaw(u, { poll: { id: '1' } });
    f.sandbox.injectRaw(u, { poll: { id: '2' } });
    f.sandbox.injectRaw(u, { message: { message_id: 903, chat: { id: -100999, type: 'supergroup' }, from: { id: 7, is_bot: false, first_name: 'y' }, text: 'başka grup' } });
    f.sandbox.injectRaw(u, { message: { message_id: 904, chat: { id: -100999, type: 'supergroup' }, from: { id: 7, is_bot: false, first_name: 'y' }, text: 'yine başka grup' } });
    f.sandbox.injectRaw(u, good('x'.repeat(10_000)));
    f.sandbox.injectRaw(u, good('tuhaf \u0000\u0007 unicode \uD800 🧑🏽‍💻 \u202Eters\u202C İıŞş'), 5_000_000_000);
    f.sandbox.injectRaw(u, good('sonra normal bir mesaj'));
    await until(() => a.humans.some((h) => h.text === 'sonra normal bir mesaj'), 5_000, 'the good message after the bad ones');
    await a.listener.stop();
    assert.is(a.humans.length, 3);
    assert.is(a.humans[0]!.text.length, 4096, '10,000 characters cut to Telegram\'s 4096');
    assert.is(a.humans[1]!.text, 'tuhaf  unicode \uFFFD 🧑🏽‍💻 \u202Eters\u202C İıŞş', 'control characters dropped, a lone surrogate replaced, the rest kept');
    const warn = a.logger.lines.filter((l) => l.level === 'warn');
    const events = warn.map((l) => `${l.event}:${String(l.fields?.reason ?? l.fields?.detail ?? '')}`);
    assert.equal(events.filter((e) => e.startsWith('telegram.update.malformed')).length, 4, events.join('\n'));
    assert.equal(events.filter((e) => e.startsWith('telegram.update.unknown-type')), ['telegram.update.unknown-type:poll'], 'an unknown type is logged once');
    assert.equal(events.filter((e) => e.startsWith('telegram.update.unknown-chat')), ['telegram.update.unknown-chat:-100999'], 'an unknown chat is logged once, and not joined');
    assert.equal(events.filter((e) => e.startsWith('telegram.update.id-jump')).length, 1, 'the update_id jump is logged once');
    assert.is(a.listener.counts.malformed, 4);
  } finally {
    await f.close();
  }
});

test('private messages get the configured note once; a revoked token stops the listener with a clear line', async () => {
  const f = await fixture();
  try {
    const stopped: string[] = [];
    const a = listen(f.server.url, { privateNote: 'Bu bot yalnızca grupta konuşur.', onStopped: (r) => stopped.push(r) });
    await a.listener.start();
    const dm = { message_id: 1, date: 0, chat: { id: 77, type: 'private', first_name: 'Deniz' }, from: { id: 77, is_bot: false, first_name: 'Deniz' }, text: 'merhaba' };
    f.sandbox.injectRaw(LISTENER.username, { message: dm });
    f.sandbox.injectRaw(LISTENER.username, { message: { ...dm, message_id: 2 } });
    await until(() => a.listener.counts.skipped === 2, 5_000, 'the private messages');
    await until(() => f.sandbox.requests.some((r) => r.method === 'sendMessage'), 5_000, 'the private note');
    assert.equal(f.sandbox.requests.filter((r) => r.method === 'sendMessage').map((r) => r.chatId), [77], 'one note, to that person');
    assert.is(a.humans.length, 0);
    f.sandbox.revoke(LISTENER.username);
    await until(() => stopped.length === 1, 8_000, 'the listener to stop');
    assert.match(stopped[0]!, /listener of bot 111111 stopped: getUpdates: 401 Unauthorized \(the bot token was revoked/);
    assert.ok(a.logger.lines.some((l) => l.event === 'telegram.listener.stopped' && l.level === 'error'));
    for (const l of a.logger.lines) assert.not.ok(JSON.stringify(l).includes(LISTENER.token.split(':')[1]!));
    await a.listener.stop();
  } finally {
    await f.close();
  }
});

test('webhook mode: answered 200 only once recorded (500 before: the sandbox sends it again), recorded once; a wrong secret is refused', async () => {
  const f = await fixture();
  const humans: HumanMessage[] = [];
  const logger = memoryLogger();
  let hook: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => hook!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/111111`;
  try {
    const memory = new MemoryIntake((h) => humans.push(h));
    let attempts = 0;
    // The first two attempts find the database away (the record fails); the third is recorded.
    const flaky: HumanIntake = { record: (u) => (++attempts <= 2 ? Promise.reject(new Error('database away')) : memory.record(u)) };
    const listener = new TelegramListener({
      token: LISTENER.token, apiRoot: f.server.url, chats: new Map([[GROUP, 'g']]), clock: new SystemClock(), logger, intake: flaky, webhook: { url, secret: 's3cret_value-1' },
    });
    hook = listener.webhookHandler();
    await listener.start();
    const info = await new Api(LISTENER.token, { apiRoot: f.server.url }).getWebhookInfo();
    assert.is(info.url, url);
    // While a webhook is set, getUpdates is a 409.
    await new Api(LISTENER.token, { apiRoot: f.server.url }).getUpdates({ timeout: 0 }).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /409/));
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'webhook ile merhaba' });
    await until(() => humans.length === 1, 8_000, 'the webhook delivery');
    assert.is(humans[0]!.text, 'webhook ile merhaba');
    assert.is(attempts, 3, 'posted until recorded');
    await new Promise((r) => setTimeout(r, 300));
    assert.is(memory.counts.recorded, 1);
    const bad = await fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'wrong_value-11', 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 99, message: { message_id: 5, chat: { id: GROUP, type: 'supergroup' }, from: { id: 1, is_bot: false, first_name: 'x' }, text: 'forged' } }) });
    assert.is(bad.status, 401);
    assert.is(humans.length, 1, 'a forged update is not taken');
    // A repeat of an update already recorded (Telegram retrying after a lost 200) is answered 200, recorded once.
    const first = memory.recorded[0]!;
    const repeat = { update_id: first.updateId, message: { message_id: first.message.messageId, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: { id: first.message.userId, is_bot: false, first_name: 'Deniz', username: 'deniz' }, text: first.message.text } };
    const again = await fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 's3cret_value-1', 'content-type': 'application/json' }, body: JSON.stringify(repeat) });
    assert.is(again.status, 200);
    assert.is(humans.length, 1, 'the repeat is not handed over twice');
    await listener.stop();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await f.close();
  }
});

test('a server that answers getUpdates at once: at most 10 polls a second; updates without an id pause it too', async () => {
  let polls = 0;
  let broken = false;
  const api = await botApi((method, _body, res) => {
    if (method !== 'getUpdates') return reply(res, { ok: true, result: true });
    polls++;
    reply(res, { ok: true, result: broken ? [{ message: { text: 'no id' } }] : [] });
  });
  const a = listen(api.url, { timeoutSec: 30 });
  try {
    await a.listener.start();
    await new Promise((r) => setTimeout(r, 2_000));
    assert.ok(polls >= 5 && polls <= 21, `${polls} polls in 2 s against a server that answers at once (≤ 10 a second)`);
    broken = true;
    const before = polls;
    await new Promise((r) => setTimeout(r, 1_500));
    assert.ok(polls - before <= 3, `${polls - before} polls in 1.5 s of updates without an id`);
    assert.ok(a.logger.lines.some((l) => l.event === 'telegram.update.malformed'));
  } finally {
    await a.listener.stop();
    await api.close();
  }
});

test('an update id below the confirmed offset (the server started its ids again after a long silence) is taken', async () => {
  // Telegram's getUpdates: pending updates, those below the offset confirmed (dropped) once delivered.
  const pending = [person(1000, 'önce 1'), person(1001, 'önce 2')];
  const delivered = new Set<number>();
  const api = await botApi((method, body, res) => {
    if (method !== 'getUpdates') return reply(res, { ok: true, result: true });
    const offset = Number(body.offset ?? 0);
    for (let i = pending.length - 1; i >= 0; i--) if (delivered.has(pending[i]!.update_id) && pending[i]!.update_id < offset) pending.splice(i, 1);
    for (const u of pending) delivered.add(u.update_id);
    reply(res, { ok: true, result: pending });
  });
  const a = listen(api.url);
  try {
    await a.listener.start();
    await until(() => a.humans.length === 2, 5_000, 'the first two');
    await new Promise((r) => setTimeout(r, 300)); // offset 1002 confirmed
    pending.push(person(7, 'bir hafta sonra'));
    await until(() => a.humans.length === 3, 5_000, 'the update with the lower id');
    assert.equal(a.humans.map((h) => h.text), ['önce 1', 'önce 2', 'bir hafta sonra']);
    assert.ok(a.logger.lines.some((l) => l.event === 'telegram.update.id-reset' && l.fields?.to === 7));
  } finally {
    await a.listener.stop();
    await api.close();
  }
});

test('a failing getUpdates of any shape: logged with its status and body, backed off, counted by the breaker', async () => {
  let polls = 0;
  const api = await botApi((method, _body, res) => {
    if (method !== 'getUpdates') return reply(res, { ok: true, result: true });
    polls++;
    reply(res, { message: 'proxy says no' }, 500);
  });
  const a = listen(api.url, { breaker: { threshold: 2, cooldownMs: 60_000 } });
  try {
    await a.listener.start();
    await new Promise((r) => setTimeout(r, 2_500));
    assert.ok(polls >= 2 && polls <= 3, `${polls} polls in 2.5 s (1 s, then 2 s backoff)`);
    const retry = a.logger.lines.find((l) => l.event === 'telegram.listener.retry');
    assert.is(retry?.fields?.status, 500);
    assert.is(retry?.fields?.error, 'HTTP 500 Internal Server Error: {"message":"proxy says no"}');
    assert.not.ok(a.logger.lines.some((l) => JSON.stringify(l).includes('undefined')));
    assert.is(a.listener.breakerState, 'open', 'two failures in a row opened the breaker (counted as failures, not successes)');
  } finally {
    await a.listener.stop();
    await api.close();
  }
});

test.run();

export type { Fixture };
