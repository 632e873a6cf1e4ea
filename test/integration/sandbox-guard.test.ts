// The sandbox's protections over raw HTTP: the page's routes answer only under our host names and to
// our own origin (writes only as JSON); the Bot API goes by its token; Telegram's 4,096 characters;
// event streams capped and dropped when they fall behind; bounded records; ids that continue after
// a restart, and edits only by the author.
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Sandbox, serveSandbox } from '../../transport/index.ts';
import { BOTS, GROUP, until } from './telegram-fixture.ts';

interface Answer { status: number; body: string }

/** One request with exactly these headers (fetch would set Host and Origin itself). */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; noHost?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, setHost: !opts.noHost }, (res) => {
      let body = '';
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode!, body: '' });
        res.destroy();
        return;
      }
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function served(opts: Parameters<typeof serveSandbox>[1] = {}) {
  const sandbox = new Sandbox({ limits: false });
  for (const b of BOTS) sandbox.addBot({ token: b.token, username: b.username, firstName: b.firstName });
  sandbox.addChat({ id: GROUP, title: 'Piyasa Test', bots: BOTS.map((b) => b.username) });
  const server = await serveSandbox(sandbox, { port: 0, ...opts });
  return { sandbox, server, host: `127.0.0.1:${server.port}` };
}

const json = { 'content-type': 'application/json' };
const post = (text: string, username = 'deniz') => JSON.stringify({ chatId: GROUP, username, text });

test('a wrong Host (a DNS-rebinding name) is refused on every page route; the Bot API goes by its token', async () => {
  const { server, sandbox } = await served();
  try {
    const u = server.url;
    const evil = { host: `rebind.example:${server.port}` };
    for (const path of ['/', '/events', '/api/state']) assert.is((await raw(`${u}${path}`, { headers: evil })).status, 403, path);
    assert.is((await raw(`${u}/api/messages`, { method: 'POST', headers: { ...evil, ...json }, body: post('rebind') })).status, 403);
    assert.is((await raw(`${u}/api/edit`, { method: 'POST', headers: { ...evil, ...json }, body: JSON.stringify({ chatId: GROUP, messageId: 1, username: 'deniz', text: 'x' }) })).status, 403);
    assert.is((await raw(`${u}/`, { noHost: true })).status, 400, 'no Host at all (HTTP/1.1 requires one)');
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) assert.is((await raw(`${u}/api/state`, { headers: { host } })).status, 200, host);
    // A bot behind a proxy or in another container reaches the Bot API under any name: its token is the credential.
    assert.is((await raw(`${u}/bot${BOTS[0].token}/getMe`, { headers: evil })).status, 200);
    assert.is(sandbox.messages(GROUP).length, 0);
    assert.equal(server.routes.guard.refused.get('host'), 5);
  } finally {
    await server.close();
  }
  const allowed = await served({ hosts: ['piyasa.lan'] });
  try {
    assert.is((await raw(`${allowed.server.url}/api/state`, { headers: { host: 'piyasa.lan:8080' } })).status, 200, 'PIYASA_HTTP_ALLOWED_HOSTS adds a name');
  } finally {
    await allowed.server.close();
  }
});

test('another origin cannot write, edit or read; our own origin and non-browser clients can', async () => {
  const { server, sandbox, host } = await served();
  try {
    const u = server.url;
    const own = `http://${host}`;
    const attacks: [string, Record<string, string>][] = [
      ['origin of another port', { origin: 'http://localhost:3000', ...json }],
      ['origin null (sandboxed frame, file://)', { origin: 'null', ...json }],
      ['same-site, other port', { 'sec-fetch-site': 'same-site', ...json }],
      ['cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', ...json }],
      ['a text/plain form of our own origin', { origin: own, 'content-type': 'text/plain' }],
      ['no content type', { origin: own }],
    ];
    for (const [what, headers] of attacks) {
      const r = await raw(`${u}/api/messages`, { method: 'POST', headers: { host, ...headers }, body: post(what.replace(/\W/g, '_')) });
      assert.is(r.status, 403, what);
    }
    assert.is(sandbox.messages(GROUP).length, 0, 'nothing was posted');
    for (const path of ['/events', '/api/state']) {
      assert.is((await raw(`${u}${path}`, { headers: { host, origin: 'http://localhost:3000' } })).status, 403, `${path} from another origin`);
      assert.is((await raw(`${u}${path}`, { headers: { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } })).status, 403, `${path} cross-site`);
    }
    // A link from elsewhere may open the page (it holds no data), but not frame it.
    const page = await raw(`${u}/`, { headers: { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
    assert.is(page.status, 200);
    assert.is((await raw(`${u}/`, { headers: { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' } })).status, 403);
    const ok = await raw(`${u}/api/messages`, { method: 'POST', headers: { host, origin: own, 'sec-fetch-site': 'same-origin', ...json }, body: post('kendi sayfamızdan') });
    assert.is(ok.status, 200, ok.body);
    const curl = await raw(`${u}/api/messages`, { method: 'POST', headers: { host, ...json }, body: post('curl ile') });
    assert.is(curl.status, 200, 'a client without Origin and Sec-Fetch-Site (curl, scripts)');
    const { messageId } = JSON.parse(ok.body) as { messageId: number };
    const edit = (username: string, headers: Record<string, string>) => raw(`${u}/api/edit`, { method: 'POST', headers: { host, ...json, ...headers }, body: JSON.stringify({ chatId: GROUP, messageId, username, text: 'düzeltildi' }) });
    assert.is((await edit('deniz', { origin: 'http://localhost:3000' })).status, 403, 'an edit from another origin');
    assert.is((await edit('ece', { origin: own })).status, 403, "an edit of someone else's message");
    assert.is((await edit('deniz', { origin: own })).status, 200);
    assert.equal(sandbox.messages(GROUP).map((m) => m.text), ['düzeltildi', 'curl ile']);
  } finally {
    await server.close();
  }
});

test("Telegram's 4,096 characters: the composer's API and the Bot API refuse one more", async () => {
  const { server, host } = await served();
  try {
    const u = server.url;
    assert.is((await raw(`${u}/api/messages`, { method: 'POST', headers: { host, ...json }, body: post('ş'.repeat(4_096)) })).status, 200);
    const long = await raw(`${u}/api/messages`, { method: 'POST', headers: { host, ...json }, body: post('ş'.repeat(4_097)) });
    assert.is(long.status, 400);
    assert.match(long.body, /4097 characters; Telegram takes at most 4096/);
    const big = await raw(`${u}/api/messages`, { method: 'POST', headers: { host, ...json }, body: post('x'.repeat(100_000)) });
    assert.is(big.status, 400, '100 KB');
    const bot = (text: string) => raw(`${u}/bot${BOTS[0].token}/sendMessage`, { method: 'POST', headers: json, body: JSON.stringify({ chat_id: GROUP, text }) });
    assert.is((await bot('a'.repeat(4_096))).status, 200);
    const refused = await bot('a'.repeat(4_097));
    assert.is(refused.status, 400);
    assert.match(refused.body, /message is too long/);
  } finally {
    await server.close();
  }
});

test('event streams: a cap on clients (503 past it), and a client that never reads is dropped while readers go on', async () => {
  const { server, sandbox, host } = await served({ streams: { maxClients: 3, maxBufferBytes: 64 * 1024 } });
  try {
    const open = () => new Promise<{ status: number; res: import('node:http').IncomingMessage }>((resolve, reject) => {
      request(`${server.url}/events`, { headers: { host } }, (res) => resolve({ status: res.statusCode!, res })).on('error', reject).end();
    });
    const stuck = await open();
    stuck.res.pause(); // never reads
    const reader = await open();
    let got = 0;
    reader.res.on('data', (d: Buffer) => (got += d.length));
    const third = await open();
    const fourth = await open();
    assert.equal([stuck.status, reader.status, third.status, fourth.status], [200, 200, 200, 503]);
    fourth.res.resume();
    third.res.destroy();
    await until(() => server.routes.streams.open === 2, 2_000, 'the closed stream to go');
    // Until the stuck client's socket and then its 64 KiB buffer are full (the kernel takes a few MB first).
    const text = 'ş'.repeat(4_000);
    for (let i = 0; i < 5_000 && server.routes.streams.dropped === 0; i++) {
      sandbox.human({ chatId: GROUP, username: 'deniz', text: `${i} ${text}` });
      await new Promise((r) => setImmediate(r));
    }
    assert.is(server.routes.streams.dropped, 1, 'the stuck client was dropped');
    assert.is(server.routes.streams.open, 1, 'the reader is still there');
    assert.ok(got > 1_000_000, `the reader got ${got} bytes`);
    assert.is(server.routes.streams.refused, 1);
    reader.res.destroy();
    stuck.res.destroy();
  } finally {
    await server.close();
  }
});

test('after a restart: stored messages come back, ids continue after the newest, edits and reactions hit them', async () => {
  const { server, sandbox } = await served();
  try {
    sandbox.restore(GROUP, [
      { id: 55, username: 'deniz', text: 'eski soru', at: 1_700_000_000_000 },
      { id: 57, bot: BOTS[1].username, text: 'eski cevap', at: 1_700_000_001_000, replyTo: 55 },
      { id: 56, bot: 'gone_bot', text: 'a bot no longer configured', at: 1_700_000_000_500 },
    ]);
    assert.equal(sandbox.messages(GROUP).map((m) => [m.message_id, m.text, m.reply_to_message?.message_id ?? null]), [[55, 'eski soru', null], [57, 'eski cevap', 55]]);
    assert.is(sandbox.human({ chatId: GROUP, username: 'ece', text: 'yeni' }).message_id, 58);
    assert.throws(() => sandbox.edit(GROUP, 55, 'ece writes over deniz', 'ece'), /own messages/);
    assert.is(sandbox.edit(GROUP, 55, 'eski soru, düzeltildi', 'deniz').text, 'eski soru, düzeltildi');
    const r = await raw(`${server.url}/bot${BOTS[2].token}/setMessageReaction`, { method: 'POST', headers: json, body: JSON.stringify({ chat_id: GROUP, message_id: 57, reaction: [{ type: 'emoji', emoji: '👍' }] }) });
    assert.is(r.status, 200, r.body);
  } finally {
    await server.close();
  }
});

test('records stay bounded: Bot API requests and people known', async () => {
  const { server, sandbox } = await served();
  try {
    for (let i = 0; i < 25_000; i++) sandbox.noteRequest({ at: i, botId: 1, method: 'getMe', status: 200 });
    assert.ok(sandbox.requests.length <= 20_000, `${sandbox.requests.length} requests kept`);
    assert.is(sandbox.requests.at(-1)!.at, 24_999);
    for (let i = 0; i < 12_000; i++) sandbox.human({ chatId: GROUP, username: `kisi_${i}`, text: 'merhaba' });
    assert.ok(sandbox.messages(GROUP).length <= 5_000);
    assert.ok(sandbox.peopleKnown <= 10_000, `${sandbox.peopleKnown} people kept`);
  } finally {
    await server.close();
  }
});

test.run();
