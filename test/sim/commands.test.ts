// The command service on one node on a virtual clock: every chat and cluster command's effect on the
// running swarm (a say is sent from that bot, pause holds the chat until resume, a news shock moves the
// price and a bot takes it up, added bots and chats run at once, removed ones stop, a disabled bot is
// not asked to speak until it is enabled, a memory an operator adds is in the bot's next prompts), and
// the audit line naming the caller of every change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock, createOfflineGenerator } from '../../transport/index.ts';
import { MemoryBotMemories } from '../../persistence/index.ts';
import { DEMO_CONFIG_PATH, loadConfig, type Config } from '../../infra/config/index.ts';
import { createSingleNode } from '../../infra/root/single.ts';
import { commandNodeOf, createCommandService, memoryCatalogStore } from '../../infra/commands/index.ts';
import { memoryLogger } from '../../infra/log.ts';
import type { CommandReply, GenerationRequest, LlmPort } from '../../actors/index.ts';

const START = Date.UTC(2026, 10, 23, 7, 0, 0); // Monday 10:00 Istanbul
const caller = { user: 'OPS/alice', via: 'cli' } as const;

function setup(seed = 11, o: { memories?: MemoryBotMemories; llm?: LlmPort } = {}) {
  const base = loadConfig(DEMO_CONFIG_PATH);
  const config: Config = { ...base, settings: { ...base.settings, typing: false, baseTurnSec: 20, primeTurnSec: 20 }, chats: base.chats.map((c) => ({ ...c, script: [] })) };
  const clock = new VirtualClock(START);
  const logger = memoryLogger('warn');
  const audit = memoryLogger('info');
  const node = createSingleNode({ config, clock, seed, logger, script: false, ...o });
  const commands = commandNodeOf(node, { id: 'sim-node', logger });
  const service = createCommandService({ node: commands, store: memoryCatalogStore(node.stores.memories), audit, logger, now: () => clock.now() });
  node.start();
  const run = (ms: number) => clock.runUntil(clock.now() + ms, () => node.system.settle());
  /** A command answered while the clock runs. */
  const within = async (p: Promise<CommandReply>, ms = 60_000): Promise<CommandReply> => {
    let reply: CommandReply | undefined;
    void p.then((r) => (reply = r));
    for (let t = 0; t < ms && !reply; t += 1_000) await run(1_000);
    assert.ok(reply, 'answered');
    return reply!;
  };
  return { node, clock, service, audit, run, within, config };
}

test('say: the bot sends the line through Telegram, threaded when asked; the answer carries its message id', async () => {
  const { node, service, within, run } = setup();
  await run(120_000);
  const target = node.telegram.sent.at(-1)!;
  const reply = await within(service.chat('demo', JSON.stringify({ cmd: 'say', bot: 'fatma_temettu', text: 'Temettü takvimini paylaşacağım arkadaşlar', replyTo: target.messageId }), caller));
  assert.is(reply.ok, true, JSON.stringify(reply));
  const said = (reply as unknown as { said: { messageId: number; bot: string } }).said;
  const sent = node.telegram.sent.find((s) => s.messageId === said.messageId)!;
  assert.equal([sent.botId, sent.text, sent.replyTo], ['fatma_temettu', 'Temettü takvimini paylaşacağım arkadaşlar', target.messageId]);
});

test('pause holds the chat (not one send) until resume; then it talks again', async () => {
  const { node, service, within, run } = setup();
  await run(60_000);
  assert.equal(await within(service.chat('demo', '{"cmd":"pause"}', caller)), { ok: true, chat: 'demo', paused: true });
  await run(5_000); // a send already under way may land
  const before = node.telegram.sent.length;
  await run(30 * 60_000);
  assert.is(node.telegram.sent.length, before, 'nothing sent while paused');
  await within(service.chat('demo', '{"cmd":"resume"}', caller));
  await run(10 * 60_000);
  assert.ok(node.telegram.sent.length > before + 3, `talking again (${node.telegram.sent.length - before} sent)`);
});

test('news: the price moves at once, the chat takes it up in its next turns', async () => {
  const { node, service, within, run } = setup();
  const before = node.market.quote('BTCUSDT')!.price;
  const reply = await within(service.chat('demo', { cmd: 'news', headline: 'ETF onayı geldi', symbols: ['BTCUSDT'], impact: 0.8 }, caller)) as CommandReply & { prices: Record<string, { from: number; to: number; pct: number }> };
  assert.is(reply.ok, true, JSON.stringify(reply));
  assert.ok(reply.prices.BTCUSDT!.pct > 0.005, `BTC moved up by ${reply.prices.BTCUSDT!.pct}`);
  assert.ok(node.market.quote('BTCUSDT')!.price > before);
  await run(5 * 60_000);
  const after = node.telegram.sent.filter((s) => s.at >= START);
  assert.ok(after.some((s) => s.text.includes('ETF onayı geldi')), `a bot mentions the headline:\n${after.map((s) => `${s.botId}: ${s.text}`).join('\n')}`);
});

test('pace, mood, topic and status: each answered and seen in the status or the next turns', async () => {
  const { node, service, within, run } = setup();
  assert.equal(await within(service.chat('demo', { cmd: 'pace', perMinute: 6 }, caller)), { ok: true, chat: 'demo', perMinute: 6 });
  const moodBefore = (await node.botStatus('can_chartist'))!.emotion.valence;
  const mood = await within(service.chat('demo', { cmd: 'mood', bot: 'can_chartist', valence: -0.6 }, caller));
  assert.is(mood.ok, true);
  await run(1_000);
  assert.ok((await node.botStatus('can_chartist'))!.emotion.valence < moodBefore - 0.3, 'the nudge moved its valence');
  assert.equal(await within(service.chat('demo', { cmd: 'topic', symbol: 'BIST:ASELS', turns: 2 }, caller)), { ok: true, chat: 'demo', topic: 'ASELS', turns: 2 });
  const st = await within(service.chat('demo', { cmd: 'status' }, caller)) as CommandReply & { pace: { perMinute: number }; steer: { topic: string }; members: { bot: string; budgetLeft?: number; mood?: string }[] };
  assert.is(st.pace.perMinute, 6);
  assert.is(st.steer.topic, 'ASELS');
  assert.is(st.members.length, 6);
  assert.ok(st.members.every((m) => typeof m.budgetLeft === 'number' && typeof m.mood === 'string'), JSON.stringify(st.members));
});

test('bots.add + members.add: the new bot runs at once and speaks in the chat; bots.update restarts it with its new persona; members.remove and bots.remove stop it', async () => {
  const { node, service, within, run, config } = setup();
  const bot = { ...structuredClone(config.bots.find((b) => b.id === 'can_chartist')!) } as Record<string, unknown>;
  Object.assign(bot, { id: 'selin_trader', name: 'Selin Trader', handle: 'selin_trader_bot', activeHours: [] });
  delete bot.stances; // a persona as a user writes it: defaults filled by the schema
  const added = await within(service.cluster({ cmd: 'bots.add', bot }, caller));
  assert.is(added.ok, true, JSON.stringify(added));
  assert.ok(node.bots.has('selin_trader'));
  assert.is((await within(service.cluster({ cmd: 'members.add', chat: 'demo', bot: 'selin_trader' }, caller))).ok, true);
  const said = await within(service.chat('demo', { cmd: 'say', bot: 'selin_trader', text: 'Merhaba, ben de aranıza katıldım' }, caller));
  assert.is(said.ok, true, JSON.stringify(said));
  assert.ok(node.telegram.sent.some((s) => s.botId === 'selin_trader'));
  const updated = await within(service.cluster({ cmd: 'bots.update', bot: { ...bot, name: 'Selin Hanım', hourlyLimit: 3 } }, caller));
  assert.is(updated.ok, true, JSON.stringify(updated));
  assert.equal([node.personas.get('selin_trader')!.name, node.personas.get('selin_trader')!.hourlyLimit], ['Selin Hanım', 3]);
  assert.ok(node.bots.has('selin_trader'), 'restarted with its new persona');
  const handle = await within(service.cluster({ cmd: 'bots.update', bot: { ...bot, handle: 'selin_yeni_bot' } }, caller));
  assert.is(handle.ok === false && handle.field, 'bot.handle');
  assert.is((await within(service.cluster({ cmd: 'members.remove', chat: 'demo', bot: 'selin_trader' }, caller))).ok, true);
  assert.not.ok(node.catalog().chats[0]!.members.includes('selin_trader'));
  assert.is((await within(service.cluster({ cmd: 'bots.remove', bot: 'selin_trader' }, caller))).ok, true);
  assert.not.ok(node.bots.has('selin_trader'));
  const n = node.telegram.sent.filter((s) => s.botId === 'selin_trader').length;
  await run(20 * 60_000);
  assert.is(node.telegram.sent.filter((s) => s.botId === 'selin_trader').length, n, 'a removed bot sends nothing');
});

test('chats.add runs a new chat at once; chats.remove stops it; settings.set takes effect', async () => {
  const { node, service, within, run } = setup();
  const added = await within(service.cluster({ cmd: 'chats.add', chat: { id: 'kripto', title: 'Kripto Sohbet', members: ['ali_ekonomist', 'can_chartist'], topics: ['Kripto'] } }, caller));
  assert.is(added.ok, true, JSON.stringify(added));
  await run(15 * 60_000);
  assert.ok(node.telegram.sent.some((s) => s.chatId === 'kripto'), 'the new chat talks');
  assert.is((await within(service.cluster({ cmd: 'chats.remove', chat: 'kripto' }, caller))).ok, true);
  const n = node.telegram.sent.filter((s) => s.chatId === 'kripto').length;
  await run(15 * 60_000);
  assert.is(node.telegram.sent.filter((s) => s.chatId === 'kripto').length, n);
  const set = await within(service.cluster({ cmd: 'settings.set', key: 'replyProbability', value: 0.2 }, caller));
  assert.equal([set.ok, (set as { live?: string[] }).live], [true, ['replyProbability']]);
  assert.is(node.catalog().settings.replyProbability, 0.2);
  const status = await within(service.cluster({ cmd: 'status' }, caller)) as CommandReply & { nodes: { id: string; partitions: number }[]; bots: number; chats: number };
  assert.equal([status.nodes, status.bots, status.chats], [[{ id: 'sim-node', partitions: 64 }], 6, 1]);
});

test('bots.disable: its actor stops and its chats stop asking it (it stays a member); bots.enable brings it back and it speaks; refusals name the field', async () => {
  const { node, service, within, run } = setup();
  const by = (bot: string) => node.telegram.sent.filter((s) => s.botId === bot).length;
  await run(15 * 60_000);
  assert.ok(by('can_chartist') > 0, 'it speaks before');
  const off = await within(service.cluster({ cmd: 'bots.disable', bot: 'can_chartist' }, caller));
  assert.equal(off, { ok: true, cmd: 'bots.disable', bot: 'can_chartist', chats: ['demo'], persisted: false, node: 'sim-node', stopped: ['bot:can_chartist'] });
  assert.not.ok(node.bots.has('can_chartist'), 'its actor stopped');
  assert.not.ok(node.catalog().chats[0]!.members.includes('can_chartist'), 'not offered turns');
  assert.equal(node.catalog().disabled?.map((d) => [d.bot.id, d.chats]), [['can_chartist', ['demo']]], 'still a member of demo, for its return');
  const [n, others] = [by('can_chartist'), node.telegram.sent.length];
  await run(30 * 60_000);
  assert.is(by('can_chartist'), n, 'a disabled bot sends nothing');
  assert.ok(node.telegram.sent.length > others + 5, 'the others talk on');
  const st = await within(service.chat('demo', { cmd: 'status' }, caller)) as CommandReply & { members: { bot: string }[] };
  assert.not.ok(st.members.some((m) => m.bot === 'can_chartist'));

  const refused = async (body: Record<string, unknown>, field: string, error: RegExp) => {
    const r = await within(service.cluster(body, caller));
    assert.is(r.ok, false, JSON.stringify(body));
    assert.is((r as { field?: string }).field, field, JSON.stringify(r));
    assert.match((r as { error: string }).error, error);
  };
  await refused({ cmd: 'bots.disable', bot: 'can_chartist' }, 'bot', /^bots\.disable: bot "can_chartist" is disabled already$/);
  await refused({ cmd: 'bots.disable', bot: 'nobody' }, 'bot', /no bot "nobody"/);
  await refused({ cmd: 'bots.disable' }, 'bot', /required field is missing/);
  await refused({ cmd: 'bots.enable', bot: 'nobody' }, 'bot', /no bot "nobody"/);
  await refused({ cmd: 'bots.enable', bot: 'ali_ekonomist' }, 'bot', /enabled already/);
  await refused({ cmd: 'members.add', chat: 'demo', bot: 'can_chartist' }, 'bot', /disabled \(bots\.enable brings it back\)/);
  await refused({ cmd: 'bots.add', bot: { ...node.catalog().disabled![0]!.bot } }, 'bot.id', /exists, disabled/);
  await refused({ cmd: 'bots.update', bot: { ...node.catalog().disabled![0]!.bot } }, 'bot.id', /is disabled/);

  const on = await within(service.cluster({ cmd: 'bots.enable', bot: 'can_chartist' }, caller));
  assert.is(on.ok, true, JSON.stringify(on));
  assert.equal([(on as { chats?: string[] }).chats, (on as { started?: string[] }).started], [['demo'], ['bot:can_chartist']]);
  assert.ok(node.bots.has('can_chartist'), 'running again');
  assert.ok(node.catalog().chats[0]!.members.includes('can_chartist'), 'back in demo');
  assert.equal(node.catalog().disabled, []);
  await run(30 * 60_000);
  assert.ok(by('can_chartist') > n, `it speaks again (${by('can_chartist') - n} lines)`);
});

test('bots.disable is refused for the last enabled member of a chat; bots.remove of a disabled bot, and bots.enable of a removed one (in no chat)', async () => {
  const { node, service, within } = setup();
  assert.is((await within(service.cluster({ cmd: 'chats.add', chat: { id: 'kripto', title: 'Kripto', members: ['ali_ekonomist', 'can_chartist'] } }, caller))).ok, true);
  assert.is((await within(service.cluster({ cmd: 'bots.disable', bot: 'ali_ekonomist' }, caller))).ok, true);
  const last = await within(service.cluster({ cmd: 'bots.disable', bot: 'can_chartist' }, caller));
  assert.equal([last.ok, (last as { field?: string }).field], [false, 'bot']);
  assert.match((last as { error: string }).error, /last enabled member of chat "kripto"/);
  assert.ok(node.bots.has('can_chartist'));
  // A disabled member may leave a chat: it does not come back there.
  assert.is((await within(service.cluster({ cmd: 'members.remove', chat: 'kripto', bot: 'ali_ekonomist' }, caller))).ok, true);
  assert.equal(node.catalog().disabled?.[0]?.chats, ['demo']);
  assert.is((await within(service.cluster({ cmd: 'bots.remove', bot: 'ali_ekonomist' }, caller))).ok, true);
  assert.equal(node.catalog().disabled?.map((d) => [d.bot.id, d.chats, d.removed]), [['ali_ekonomist', [], true]]);
  const back = await within(service.cluster({ cmd: 'bots.enable', bot: 'ali_ekonomist' }, caller));
  assert.equal([back.ok, (back as { chats?: string[] }).chats], [true, []]);
  assert.ok(node.bots.has('ali_ekonomist'));
  assert.not.ok(node.catalog().chats.some((c) => c.members.includes('ali_ekonomist')), 'a removed bot comes back in no chat');
});

test('memories.add: in the in-memory store, in the bot\'s next prompts; memories.remove forgets it; refusals at the memory\'s field', async () => {
  const memories = new MemoryBotMemories();
  const requests: GenerationRequest[] = [];
  const offline = createOfflineGenerator();
  const llm: LlmPort = { generate: (r) => (requests.push(r), offline.generate(r)) };
  const { node, service, within, run, clock, audit } = setup(11, { memories, llm });
  const text = 'Ayşe Hanım altına çok güveniyor';
  const added = await within(service.cluster({ cmd: 'memories.add', bot: 'can_chartist', memory: { kind: 'preference', content: `  ${text} `, about: 'ayse', relevance: 0.9 } }, caller));
  assert.equal(added, { ok: true, cmd: 'memories.add', bot: 'can_chartist', memory: { id: 1, kind: 'preference', content: text, about: 'ayse', relevance: 0.9 }, persisted: false, node: 'sim-node' });
  assert.equal((await memories.recall('can_chartist', { limit: 3, now: clock.now() })).map((m) => m.content), [text]);
  await run(20 * 60_000);
  const prompts = requests.filter((r) => r.botId === 'can_chartist');
  assert.ok(prompts.length > 0 && prompts.every((r) => r.memories?.includes(text)), `in its prompts (${prompts.length})`);
  assert.not.ok(requests.some((r) => r.botId !== 'can_chartist' && r.memories?.includes(text)), "not in another bot's");

  const refused = async (body: Record<string, unknown>, field: string, error: RegExp) => {
    const r = await within(service.cluster(body, caller));
    assert.equal([r.ok, (r as { field?: string }).field], [false, field], JSON.stringify(r));
    assert.match((r as { error: string }).error, error);
  };
  const memory = { kind: 'routine', content: 'Sabah kahvesiyle grafik bakar', relevance: 0.5 };
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, kind: 'gossip' } }, 'memory.kind', /^memories\.add: memory\.kind: must be one of personal_fact, .*\(got "gossip"\)$/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, content: '   ' } }, 'memory.content', /must not be empty/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, content: 'x'.repeat(501) } }, 'memory.content', /at most 500 characters/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, relevance: 1.5 } }, 'memory.relevance', /between 0 and 1/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { kind: 'routine', content: 'x' } }, 'memory.relevance', /required field is missing/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, about: 7 } }, 'memory.about', /must be a string/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: { ...memory, contents: 'x' } }, 'memory.contents', /unknown field \(did you mean "content"\?\)/);
  await refused({ cmd: 'memories.add', bot: 'can_chartist', memory: 'hatırla' }, 'memory', /must be a mapping/);
  await refused({ cmd: 'memories.add', bot: 'nobody', memory }, 'bot', /no bot "nobody"/);
  await refused({ cmd: 'memories.remove', bot: 'ali_ekonomist', id: 1 }, 'id', /bot "ali_ekonomist" has no memory 1/);
  await refused({ cmd: 'memories.remove', bot: 'can_chartist', id: 99 }, 'id', /has no memory 99/);
  await refused({ cmd: 'memories.remove', bot: 'can_chartist', id: 1.5 }, 'id', /whole number/);

  assert.equal(await within(service.cluster({ cmd: 'memories.remove', bot: 'can_chartist', id: 1 }, caller)), { ok: true, cmd: 'memories.remove', bot: 'can_chartist', id: 1, persisted: false, node: 'sim-node' });
  assert.equal(await memories.recall('can_chartist', { limit: 3, now: clock.now() }), []);
  requests.length = 0;
  await run(20 * 60_000);
  assert.not.ok(requests.some((r) => r.memories?.includes(text)), 'forgotten');
  assert.equal(audit.lines.filter((l) => l.fields?.ok === true).map((l) => l.fields?.cmd), ['memories.add', 'memories.remove']);
  assert.is(node.catalog().bots.length, 6);
});

test('memories.add on a node that keeps no memories is refused at the memory', async () => {
  const { service, within } = setup();
  const r = await within(service.cluster({ cmd: 'memories.add', bot: 'can_chartist', memory: { kind: 'routine', content: 'x', relevance: 1 } }, caller));
  assert.equal([r.ok, (r as { field?: string }).field], [false, 'memory']);
});

test('every change is logged with its caller; a status is not', async () => {
  const { service, within, audit } = setup();
  await within(service.chat('demo', { cmd: 'status' }, caller));
  await within(service.chat('demo', { cmd: 'pause' }, caller));
  await within(service.cluster({ cmd: 'bots.remove', bot: 'nobody' }, { user: 'OPS/bob', via: 'nats' }));
  assert.equal(audit.lines.map((l) => [l.event, l.fields?.user, l.fields?.cmd, l.fields?.ok]), [['command', 'OPS/alice', 'pause', true], ['command', 'OPS/bob', 'bots.remove', false]]);
});

test.run();
