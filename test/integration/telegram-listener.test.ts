// The humans' side against the sandbox over HTTP: real long polling (offset, timeout, 409 for a second
// poller), the offset persisted across restarts, edits, bots ignored, private messages, the webhook
// with its secret token, and malformed updates that never stop the listener and are logged once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Api } from 'grammy';
import type { HumanMessage } from '../../actors/index.ts';
import { MemoryOffsetStore, SystemClock, TelegramListener, type ListenerOptions } from '../../transport/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import { BOTS, GROUP, fixture, until, type Fixture } from './telegram-fixture.ts';

const LISTENER = BOTS[0]; // privacy off in the fixture: it sees every human message

function listen(f: Fixture, extra: Partial<ListenerOptions> = {}) {
  const humans: HumanMessage[] = [];
  const logger = memoryLogger('debug');
  const offsets = (extra.offsets as MemoryOffsetStore | undefined) ?? new MemoryOffsetStore();
  const listener = new TelegramListener({
    token: LISTENER.token, apiRoot: f.server.url, chats: new Map([[GROUP, 'g']]), offsets, clock: new SystemClock(), logger,
    onHuman: (h) => humans.push(h), timeoutSec: 2, ...extra,
  });
  return { listener, humans, logger, offsets };
}

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

test('the listener hands over people\'s messages and edits, skips bots, persists the offset and resumes after it', async () => {
  const f = await fixture();
  const offsets = new MemoryOffsetStore();
  try {
    const a = listen(f, { offsets, privateNote: 'Bu bot yalnızca grupta konuşur.' });
    await a.listener.start();
    const q = f.sandbox.human({ chatId: GROUP, username: 'deniz', text: '@ayse_scalp_bot THYAO?' });
    await until(() => a.humans.length === 1, 5_000, 'the first human message');
    assert.equal({ ...a.humans[0]!, at: 0 }, { chatId: 'g', messageId: q.message_id, userId: q.from.id, username: 'deniz', text: '@ayse_scalp_bot THYAO?', at: 0 });
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
    const saved = offsets.offsets.get('111111');
    assert.ok(saved !== undefined && saved > 0, 'offset persisted under the bot id, not the token');
    assert.not.ok([...offsets.offsets.keys()].some((k) => k.includes(':')));

    // Written while nobody listened; a new listener on the same store gets exactly that one.
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'ben yokken yazdım' });
    const b = listen(f, { offsets });
    await b.listener.start();
    await until(() => b.humans.length === 1, 5_000, 'the message written while stopped');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(b.humans.map((h) => h.text), ['ben yokken yazdım'], 'nothing replayed, nothing lost');
    await b.listener.stop();
  } finally {
    await f.close();
  }
});

test('malformed updates never stop the listener and each is logged once', async () => {
  const f = await fixture();
  try {
    const a = listen(f);
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
    const a = listen(f, { privateNote: 'Bu bot yalnızca grupta konuşur.', onStopped: (r) => stopped.push(r) });
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

test('webhook mode: the sandbox posts updates with the secret token; a wrong secret is refused', async () => {
  const f = await fixture();
  const humans: HumanMessage[] = [];
  const logger = memoryLogger();
  let hook: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
  const server = createServer((req, res) => hook!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/111111`;
  try {
    const listener = new TelegramListener({
      token: LISTENER.token, apiRoot: f.server.url, chats: new Map([[GROUP, 'g']]), offsets: new MemoryOffsetStore(), clock: new SystemClock(), logger,
      onHuman: (h) => humans.push(h), webhook: { url, secret: 's3cret_value-1' },
    });
    hook = listener.webhookHandler();
    await listener.start();
    const info = await new Api(LISTENER.token, { apiRoot: f.server.url }).getWebhookInfo();
    assert.is(info.url, url);
    // While a webhook is set, getUpdates is a 409.
    await new Api(LISTENER.token, { apiRoot: f.server.url }).getUpdates({ timeout: 0 }).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /409/));
    f.sandbox.human({ chatId: GROUP, username: 'deniz', text: 'webhook ile merhaba' });
    await until(() => humans.length === 1, 5_000, 'the webhook delivery');
    assert.is(humans[0]!.text, 'webhook ile merhaba');
    const bad = await fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'wrong_value-11', 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 99, message: { message_id: 5, chat: { id: GROUP, type: 'supergroup' }, from: { id: 1, is_bot: false, first_name: 'x' }, text: 'forged' } }) });
    assert.is(bad.status, 401);
    assert.is(humans.length, 1, 'a forged update is not taken');
    await listener.stop();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await f.close();
  }
});

test('updates without an update_id (a broken server) are logged and the listener pauses instead of spinning', async () => {
  let polls = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (req.url?.endsWith('/getUpdates')) polls++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: req.url?.endsWith('/getUpdates') ? [{ message: { text: 'no id' } }] : true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const logger = memoryLogger();
  const listener = new TelegramListener({
    token: LISTENER.token, apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, chats: new Map([[GROUP, 'g']]), offsets: new MemoryOffsetStore(), clock: new SystemClock(), logger, onHuman: () => undefined, timeoutSec: 1,
  });
  try {
    await listener.start();
    await new Promise((r) => setTimeout(r, 1_500));
    assert.ok(polls >= 1 && polls <= 3, `${polls} polls in 1.5 s`);
    assert.ok(logger.lines.some((l) => l.event === 'telegram.update.malformed'));
  } finally {
    await listener.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test.run();
