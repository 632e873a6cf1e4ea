// Commands over a real nats-server, sent with a raw @nats-io/transport-node client, to one node on the
// Telegram sandbox: every command's happy path and its effect in the sandbox's record (a say from that
// bot's token, pause until resume, a news shock moving the price and taken up by a bot, bots and chats
// added and removed live, a bot disabled falling silent and enabled speaking again, memories added and
// forgotten), the said/heard events, and every kind of bad input answered ok:false.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type TestNatsServer } from './nats-server.ts';
import { ask, brisk, sleep, startCommandNode, type CommandNodeFixture } from './commands-fixture.ts';
import { until } from './telegram-fixture.ts';
import { MemoryBotMemories } from '../../persistence/index.ts';

let server: TestNatsServer;
let f: CommandNodeFixture;
let client: NatsConnection;
let group: number;
const memories = new MemoryBotMemories();
const bots = () => f.t.sandbox!.messages(group).filter((m) => m.from.is_bot);
const tokenId = (handle: string) => f.t.sandbox!.botByUsername(handle)!.user.id;

test.before(async () => {
  server = await startNatsServer();
  // Room in the bots' hourly budgets, so a bot disabled and enabled again is not held back by its budget.
  const config = brisk();
  f = await startCommandNode(server.url, { memories, config: { ...config, bots: config.bots.map((b) => ({ ...b, hourlyLimit: 60 })) } });
  client = await connect({ servers: server.url, name: 'piyasa-commands-test-client' });
  group = f.t.chatIds.get('demo')!;
});

test.after(async () => {
  await client?.close();
  await f?.stop();
  await server?.stop();
});

test('say: the bot says it — in the sandbox from that bot\'s token, threaded — and the answer says so', async () => {
  await until(() => bots().length >= 1, 20_000, 'the chat to talk');
  const target = bots().at(-1)!;
  const reply = await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'say', bot: 'zeynep_newbie', text: 'Arkadaşlar yarın 10:00\'da küçük bir duyuru yapacağım', replyTo: target.message_id });
  assert.is(reply.ok, true, JSON.stringify(reply));
  const said = reply.said as { messageId: number; text: string; bot: string };
  const m = f.t.sandbox!.messages(group).find((x) => x.message_id === said.messageId)!;
  assert.ok(m, 'in the sandbox record');
  assert.is(m.from.id, tokenId('zeynep_newbie_bot'), "sent with zeynep's token");
  assert.is(m.text, 'Arkadaşlar yarın 10:00\'da küçük bir duyuru yapacağım');
  assert.is(m.reply_to_message?.message_id, target.message_id);
});

test('pause stops the chat until resume', async () => {
  assert.equal(await ask(client, 'piyasa.chat.demo.cmd', '{"cmd":"pause"}'), { ok: true, chat: 'demo', paused: true });
  await sleep(1_500); // a send already under way may still land
  const n = bots().length;
  await sleep(5_000); // 20 s of the node's clock: two or three turns at this pace
  assert.is(bots().length, n, 'silent while paused');
  assert.equal(await ask(client, 'piyasa.chat.demo.cmd', '{"cmd":"resume"}'), { ok: true, chat: 'demo', paused: false });
  await until(() => bots().length > n, 15_000, 'talk after resume');
});

test('news: prices move at once; a bot takes the headline up', async () => {
  const before = f.t.node.market.quote('BTCUSDT')!.price;
  const reply = await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'news', headline: 'Spot ETF onayı geldi', symbols: ['BTCUSDT'], impact: 0.7 });
  assert.is(reply.ok, true, JSON.stringify(reply));
  const move = (reply.prices as Record<string, { from: number; to: number; pct: number }>).BTCUSDT!;
  assert.ok(move.pct > 0.005, `BTC up ${move.pct}`);
  assert.ok(f.t.node.market.quote('BTCUSDT')!.price > before);
  const from = f.t.sandbox!.messages(group).length;
  await until(() => f.t.sandbox!.messages(group).slice(from).some((m) => m.from.is_bot && m.text.includes('Spot ETF onayı geldi')), 30_000, 'a bot to mention the headline');
});

test('pace, mood, topic, status over NATS', async () => {
  assert.equal(await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'pace', perMinute: 8 }), { ok: true, chat: 'demo', perMinute: 8 });
  const mood = await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'mood', bot: 'ayse_scalp', arousal: 0.5 });
  assert.equal(mood, { ok: true, chat: 'demo', bot: 'ayse_scalp', nudge: { arousal: 0.5 } });
  assert.equal(await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'topic', topic: 'Makro', turns: 2 }), { ok: true, chat: 'demo', topic: 'Makro', turns: 2 });
  const st = await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'status' });
  assert.is(st.ok, true);
  assert.is((st.pace as { perMinute: number }).perMinute, 8);
  assert.is((st.members as unknown[]).length, 6);
  assert.ok((st.members as { budgetLeft?: number }[]).every((m) => typeof m.budgetLeft === 'number'));
  assert.ok((st.last as unknown[]).length > 0);
});

test('said and heard events on NATS: every delivered message and every person\'s message', async () => {
  const said: Record<string, unknown>[] = [];
  const heard: Record<string, unknown>[] = [];
  const s1 = client.subscribe('piyasa.chat.demo.said', { callback: (_e, m) => void said.push(m.json()) });
  const s2 = client.subscribe('piyasa.chat.*.heard', { callback: (_e, m) => void heard.push(m.json()) });
  await client.flush();
  const from = bots().length;
  const q = f.t.sandbox!.human({ chatId: group, username: 'deniz', text: '@fatma_temettu_bot temettü takvimi ne zaman?' });
  await until(() => heard.length >= 1 && said.length >= 2, 30_000, 'events');
  assert.equal(heard[0], { chat: 'demo', speaker: 'deniz', text: '@fatma_temettu_bot temettü takvimi ne zaman?', seq: heard[0]!.seq, messageId: q.message_id, at: heard[0]!.at });
  const e = said[0]!;
  assert.equal(Object.keys(e).filter((k) => ['chat', 'bot', 'text', 'seq', 'messageId'].includes(k)).sort(), ['bot', 'chat', 'messageId', 'seq', 'text']);
  const m = bots().slice(from).find((x) => x.message_id === e.messageId)!;
  assert.is(m.text, e.text, 'the event is the delivered message');
  s1.unsubscribe();
  s2.unsubscribe();
});

test('cluster commands: status; bots.add + members.add (says from its new token); chats.add talks in a new group; settings.set; removals', async () => {
  const st = await ask(client, 'piyasa.cmd', { cmd: 'status' });
  assert.equal([st.ok, st.node, st.nodes, st.bots, st.chats], [true, 'node-a', [{ id: 'node-a', partitions: 64 }], 6, 1]);

  const persona = { ...brisk().bots.find((b) => b.id === 'can_chartist')!, id: 'selin_trader', name: 'Selin', handle: 'selin_trader_bot' } as Record<string, unknown>;
  delete persona.stances;
  const added = await ask(client, 'piyasa.cmd', { cmd: 'bots.add', bot: persona });
  assert.equal([added.ok, added.started], [true, ['bot:selin_trader']], JSON.stringify(added));
  assert.is((await ask(client, 'piyasa.cmd', { cmd: 'members.add', chat: 'demo', bot: 'selin_trader' })).ok, true);
  const said = await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'say', bot: 'selin_trader', text: 'Selam, ben Selin; grafiklere bakarım' });
  assert.is(said.ok, true, JSON.stringify(said));
  const m = f.t.sandbox!.messages(group).find((x) => x.message_id === (said.said as { messageId: number }).messageId)!;
  assert.is(m.from.id, tokenId('selin_trader_bot'));

  const chat = await ask(client, 'piyasa.cmd', { cmd: 'chats.add', chat: { id: 'kripto', title: 'Kripto Masası', members: ['selin_trader', 'ali_ekonomist'], topics: ['Kripto'] } });
  assert.is(chat.ok, true, JSON.stringify(chat));
  const kripto = f.t.chatIds.get('kripto')!;
  assert.is(f.t.sandbox!.chat(kripto)?.chat.title, 'Kripto Masası');
  await until(() => f.t.sandbox!.messages(kripto).some((x) => x.from.is_bot), 30_000, 'the new group to talk');
  const q = f.t.sandbox!.human({ chatId: kripto, username: 'deniz', text: '@selin_trader_bot BTC için destek neresi?' });
  await until(() => f.t.sandbox!.messages(kripto).some((x) => x.reply_to_message?.message_id === q.message_id), 30_000, 'the new group to hear people');

  const set = await ask(client, 'piyasa.cmd', { cmd: 'settings.set', key: 'mentionProbability', value: 0.1 });
  assert.equal([set.ok, set.live], [true, ['mentionProbability']]);
  assert.is(f.t.node.catalog().settings.mentionProbability, 0.1);

  assert.is((await ask(client, 'piyasa.cmd', { cmd: 'chats.remove', chat: 'kripto' })).ok, true);
  assert.is((await ask(client, 'piyasa.cmd', { cmd: 'bots.remove', bot: 'selin_trader' })).ok, true);
  assert.not.ok(f.t.node.bots.has('selin_trader') || f.t.node.chats.has('kripto'));
  const st2 = await ask(client, 'piyasa.cmd', { cmd: 'status' });
  assert.equal([st2.bots, st2.chats], [6, 1]);
});

test('bots.disable / bots.enable: the bot falls silent in the group and speaks again from its token; memories.add / memories.remove', async () => {
  const handle = f.t.node.personas.get('ayse_scalp')!.handle;
  const fromIt = () => bots().filter((m) => m.from.id === tokenId(handle)).length;
  const off = await ask(client, 'piyasa.cmd', { cmd: 'bots.disable', bot: 'ayse_scalp' });
  assert.equal(off, { ok: true, cmd: 'bots.disable', bot: 'ayse_scalp', chats: ['demo'], persisted: false, node: 'node-a', stopped: ['bot:ayse_scalp'] });
  await sleep(1_500); // a send already under way may still land
  const [n, all] = [fromIt(), bots().length];
  await sleep(6_000); // 24 s of the node's clock: several turns at this pace
  assert.is(fromIt(), n, 'silent while disabled');
  assert.ok(bots().length > all, 'the others talk on');
  assert.match(String((await ask(client, 'piyasa.chat.demo.cmd', { cmd: 'say', bot: 'ayse_scalp', text: 'Buradayım' })).error), /not a member of chat "demo"/);
  const again = await ask(client, 'piyasa.cmd', { cmd: 'bots.disable', bot: 'ayse_scalp' });
  assert.equal([again.ok, again.field], [false, 'bot']);
  const on = await ask(client, 'piyasa.cmd', { cmd: 'bots.enable', bot: 'ayse_scalp' });
  assert.equal([on.ok, on.chats, on.started], [true, ['demo'], ['bot:ayse_scalp']], JSON.stringify(on));
  await until(() => fromIt() > n, 30_000, 'the enabled bot to speak from its token');

  const added = await ask(client, 'piyasa.cmd', { cmd: 'memories.add', bot: 'ayse_scalp', memory: { kind: 'relationship', content: 'Deniz ile aynı kursta scalping öğrendi', about: 'deniz', relevance: 0.6 } });
  assert.equal([added.ok, added.persisted], [true, false], JSON.stringify(added));
  const id = (added.memory as { id: number }).id;
  assert.ok((await memories.recall('ayse_scalp', { limit: 3, now: f.t.node.clock.now(), about: 'deniz' })).some((m) => m.id === id));
  const bad = await ask(client, 'piyasa.cmd', { cmd: 'memories.add', bot: 'ayse_scalp', memory: { kind: 'rumour', content: 'x', relevance: 0.5 } });
  assert.equal([bad.ok, bad.field], [false, 'memory.kind']);
  assert.equal(await ask(client, 'piyasa.cmd', { cmd: 'memories.remove', bot: 'ayse_scalp', id }), { ok: true, cmd: 'memories.remove', bot: 'ayse_scalp', id, persisted: false, node: 'node-a' });
  const twice = await ask(client, 'piyasa.cmd', { cmd: 'memories.remove', bot: 'ayse_scalp', id });
  assert.equal([twice.ok, twice.field, twice.error], [false, 'id', `memories.remove: id: bot "ayse_scalp" has no memory ${id}`]);
  const logged = f.audit.lines.filter((l) => l.event === 'command' && String(l.fields?.cmd).match(/^(bots\.(en|dis)able|memories\.)/)).map((l) => [l.fields?.cmd, l.fields?.ok]);
  assert.equal(logged, [['bots.disable', true], ['bots.disable', false], ['bots.enable', true], ['memories.add', true], ['memories.add', false], ['memories.remove', true], ['memories.remove', false]]);
});

test('bad input: each answered ok:false with the reason — never silence', async () => {
  const cases: [string, unknown, RegExp][] = [
    ['piyasa.chat.demo.cmd', '{"cmd": "pause",', /^body: not valid JSON/],
    ['piyasa.chat.demo.cmd', '[1,2]', /^body: must be a JSON object/],
    ['piyasa.chat.demo.cmd', '', /^body: empty/],
    ['piyasa.chat.demo.cmd', { cmd: 'dance' }, /^unknown chat command "dance"/],
    ['piyasa.chat.demo.cmd', { cmd: 'pasue' }, /did you mean "pause"\?/],
    ['piyasa.cmd', { cmd: 'bots.delete' }, /^unknown cluster command "bots.delete"/],
    ['piyasa.chat.nochat.cmd', { cmd: 'pause' }, /^no chat "nochat"/],
    ['piyasa.chat.demo.cmd', { cmd: 'say', bot: 'ayse_scalp' }, /^say: text: required field is missing$/],
    ['piyasa.chat.demo.cmd', { cmd: 'say', bot: 'ayse_scalp', text: 42 }, /^say: text: must be a string \(got 42\)$/],
    ['piyasa.chat.demo.cmd', { cmd: 'pace', perMinute: '5' }, /^pace: perMinute: must be a finite number/],
    ['piyasa.chat.demo.cmd', { cmd: 'news', headline: 'x', symbols: ['BIST:THYA'], impact: 0.2 }, /did you mean "BIST:THYAO"/],
    ['piyasa.chat.demo.cmd', { cmd: 'news', headline: 'x', symbols: ['BTCUSDT'], impact: 3 }, /^news: impact: must be between -1 and 1/],
    ['piyasa.chat.demo.cmd', { cmd: 'say', bot: 'nobody', text: 'hi' }, /^bot "nobody" is not a member of chat "demo"/],
    ['piyasa.cmd', { cmd: 'bots.add', bot: { id: 'x' } }, /^bots.add: bot.name: required field is missing/],
    ['piyasa.cmd', { cmd: 'settings.set', key: 'replyProbability', value: 2 }, /^settings.set: replyProbability: must be between 0 and 1/],
    ['piyasa.cmd', { cmd: 'settings.set', key: 'nope', value: 1 }, /^settings.set: nope: unknown field/],
  ];
  for (const [subject, body, error] of cases) {
    const r = await ask(client, subject, body);
    assert.is(r.ok, false, `${JSON.stringify(body)} → ${JSON.stringify(r)}`);
    assert.match(String(r.error), error);
  }
  const big = new Uint8Array(1_000_000).fill(0x20);
  const r = await ask(client, 'piyasa.chat.demo.cmd', big);
  assert.equal(r, { ok: false, error: 'body: 1000000 bytes is more than the 65536 a command may have' });
  assert.not.ok(f.audit.lines.some((l) => JSON.stringify(l).length > 100_000), 'not processed');
});

test('every change is logged with the caller (no accounts on this server: the caller is unidentified, and said so)', () => {
  const changes = f.audit.lines.filter((l) => l.event === 'command');
  assert.ok(changes.some((l) => l.fields?.cmd === 'pause' && l.fields.user === '(unidentified: no Nats-Request-Info)' && l.fields.via === 'nats'));
  assert.not.ok(changes.some((l) => l.fields?.cmd === 'status'), 'a status changes nothing');
});

test.run();
