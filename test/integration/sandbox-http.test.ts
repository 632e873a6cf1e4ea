// The sandbox's HTTP surface as a client sees it: Telegram's error envelope and codes (401 for an
// unknown token, 404 for an unknown method, 400 for bad input), form-encoded and query parameters,
// the people's API (/api/messages, /api/edit) and the live event stream of the page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOTS, GROUP, fixture } from './telegram-fixture.ts';

test('Bot API errors come in Telegram\'s envelope with its HTTP codes; form and query parameters work', async () => {
  const f = await fixture();
  try {
    const u = f.server.url;
    let r = await fetch(`${u}/bot999999:nope-nope-nope/getMe`);
    assert.is(r.status, 401);
    assert.equal(await r.json(), { ok: false, error_code: 401, description: 'Unauthorized' });
    r = await fetch(`${u}/bot${BOTS[0].token}/sendSticker`, { method: 'POST' });
    assert.is(r.status, 404);
    assert.equal(await r.json(), { ok: false, error_code: 404, description: 'Not Found' });
    r = await fetch(`${u}/bot${BOTS[0].token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ chat_id: String(GROUP), text: 'form ile' }) });
    assert.is(r.status, 200);
    const sent = await r.json() as { result: { message_id: number; date: number; chat: { id: number } } };
    assert.is(sent.result.chat.id, GROUP);
    assert.ok(sent.result.date < 1e11, 'date in seconds, as Telegram');
    r = await fetch(`${u}/bot${BOTS[0].token}/sendMessage?chat_id=${GROUP}&text=sorgu&reply_parameters=${encodeURIComponent(JSON.stringify({ message_id: 404 }))}`);
    assert.is(r.status, 400);
    assert.match((await r.json() as { description: string }).description, /message to be replied not found/);
    r = await fetch(`${u}/bot${BOTS[0].token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    assert.is(r.status, 400);
    r = await fetch(`${u}/bot${BOTS[0].token}/getChat?chat_id=-42`);
    assert.is(r.status, 400);
    assert.match((await r.json() as { description: string }).description, /chat not found/);
  } finally {
    await f.close();
  }
});

test('people write and edit through /api; the page\'s event stream carries messages, edits, typing', async () => {
  const f = await fixture();
  try {
    const u = f.server.url;
    const events: string[] = [];
    const ctl = new AbortController();
    const stream = await fetch(`${u}/events`, { signal: ctl.signal });
    const reader = stream.body!.getReader();
    const read = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        for (const m of dec.decode(value).matchAll(/^event: (\w+)$/gm)) events.push(m[1]!);
      }
    })();
    let r = await fetch(`${u}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: GROUP, username: 'bad name!', text: 'x' }) });
    assert.is(r.status, 400);
    r = await fetch(`${u}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: GROUP, username: 'deniz', text: 'merhaba @ali_ekonomist_bot' }) });
    const { messageId } = await r.json() as { messageId: number };
    r = await fetch(`${u}/api/edit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: GROUP, messageId, username: 'ece', text: 'başkasının mesajı' }) });
    assert.is(r.status, 403, 'people edit only their own messages');
    r = await fetch(`${u}/api/edit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: GROUP, messageId, username: 'deniz', text: 'merhaba @ali_ekonomist_bot, faiz?' }) });
    assert.is(r.status, 200);
    await f.telegram.sendChatAction('ali', 'g', 'typing');
    await f.telegram.sendMessage({ botId: 'ali', chatId: 'g', text: 'Merhaba Deniz.', replyTo: messageId, idempotencyKey: 'x' });
    const deadline = Date.now() + 3_000;
    while (events.length < 5 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.equal(events.slice(0, 5), ['snapshot', 'message', 'edit', 'typing', 'message']);
    const state = await (await fetch(`${u}/api/state`)).json() as { messages: { id: number; text: string; edited: boolean; replyTo?: number }[] };
    assert.equal(state.messages.map((m) => [m.id, m.edited, m.replyTo ?? null]), [[messageId, true, null], [messageId + 1, false, messageId]]);
    const page = await (await fetch(`${u}/`)).text();
    assert.match(page, /<form id="composer"/);
    ctl.abort();
    await read;
  } finally {
    await f.close();
  }
});

test('a long session keeps each chat\'s newest 5,000 messages, and a page gets the newest 300', async () => {
  const f = await fixture();
  try {
    for (let i = 0; i < 5_010; i++) f.sandbox.human({ chatId: GROUP, username: 'deniz', text: `m${i}` });
    const kept = f.sandbox.messages(GROUP);
    assert.is(kept.length, 5_000);
    assert.is(kept[0]!.text, 'm10');
    const snap = f.sandbox.snapshot().messages;
    assert.is(snap.length, 300);
    assert.is(snap.at(-1)!.text, 'm5009');
  } finally {
    await f.close();
  }
});

test.run();
