// The bot actor on the runtime with in-memory ports: drafts carry the budget reservation, a refund gives
// it back, the hourly limit and active hours decline, a restart reloads the budget, moods follow events.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActorSystem, SimulatedMarket, botActorName, botBehavior, readReply, seededRng,
  type BotMessage, type ChatActorMessage, type ComposeRequest, type Persona,
} from '../../actors/index.ts';
import { VirtualClock, createOfflineGenerator } from '../../transport/index.ts';
import { MemoryBotMemories, MemoryBotStateStore, MemoryDeadLetters } from '../../persistence/index.ts';
import type { BotMemoryStore, ChatMessage, GenerationRequest, LlmPort } from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';
import { memoryLogger } from '../../infra/log.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const START = Date.UTC(2026, 10, 23, 9, 0, 0); // 12:00 Istanbul, a Monday

function setup(persona: Persona, store = new MemoryBotStateStore(), extra: { llm?: LlmPort; memories?: BotMemoryStore } = {}) {
  const clock = new VirtualClock(START);
  const replies: ChatActorMessage[] = [];
  const market = new SimulatedMarket(clock, seededRng(1));
  const env = {
    clock, rng: seededRng(2), llm: extra.llm ?? createOfflineGenerator(), market, store, logger: memoryLogger('error'), universe: market.symbols,
    ...(extra.memories ? { memories: extra.memories } : {}),
    settings: { lengthProfile: config.settings.lengthProfile, dedup: config.settings.dedup, humanReserve: 2 },
    persona: (id: string) => (id === persona.id ? persona : undefined),
    toChat: (_chat: string, m: ChatActorMessage) => void replies.push(m),
  };
  const system = new ActorSystem({ clock, deadLetters: new MemoryDeadLetters(), logger: env.logger });
  const ref = system.spawn(botActorName(persona.id), botBehavior(env));
  const tell = async (m: BotMessage) => {
    system.tell(ref, m);
    await system.settle();
  };
  return { clock, system, ref, replies, store, tell };
}

let turn = 0;
const compose = (mode: ComposeRequest['mode'] = 'new'): ComposeRequest => ({
  kind: 'compose', turnId: ++turn, chatId: 'demo', chatTitle: 'Piyasa Sohbet', timeZone: 'Europe/Istanbul', mode, mention: false,
  transcript: [], topicPool: ['BIST', 'FX', 'Kripto', 'Makro'], recentTopics: [], attempt: 0,
});

const ali = { ...config.bots.find((b) => b.id === 'ali_ekonomist')!, hourlyLimit: 4, minGapSec: 1 };

test('a draft reserves budget; routine turns stop at limit − reserve; an answer to a person may use the reserve', async () => {
  const b = setup(ali);
  for (let i = 0; i < 2; i++) {
    await b.tell(compose());
    await b.clock.advanceBy(2_000);
  }
  assert.equal(b.replies.map((r) => r.kind), ['draft', 'draft']);
  await b.tell(compose());
  const declined = b.replies.at(-1)!;
  assert.is(declined.kind, 'declined');
  assert.is(declined.kind === 'declined' && declined.reason, 'budget');
  assert.ok(declined.kind === 'declined' && declined.retryAt! > b.clock.now());
  await b.tell(compose('answer'));
  assert.is(b.replies.at(-1)!.kind, 'draft');
});

test('a cancelled draft is refunded; a restart reloads the budget from the store', async () => {
  const store = new MemoryBotStateStore();
  const b = setup(ali, store);
  await b.tell(compose('answer'));
  const first = b.replies.at(-1)!;
  assert.is(first.kind, 'draft');
  await b.tell({ kind: 'cancelled', turnId: (first as { turnId: number }).turnId, chatId: 'demo' });
  const saved = await store.load(ali.id);
  assert.equal(saved?.sentAt, []);
  for (let i = 0; i < 4; i++) {
    await b.clock.advanceBy(2_000);
    await b.tell(compose('answer'));
    const d = b.replies.at(-1)! as { kind: string; turnId: number; text: string };
    assert.is(d.kind, 'draft');
    await b.tell({ kind: 'delivered', turnId: d.turnId, chatId: 'demo', text: d.text, at: b.clock.now() });
  }
  assert.is((await store.load(ali.id))?.sentAt.length, 4);
  // A fresh incarnation (as after a crash or a restart of the process) continues from the store.
  const again = setup(ali, store);
  await again.clock.advanceBy(10_000);
  await again.tell(compose('answer'));
  assert.is(again.replies.at(-1)!.kind, 'declined', 'the 5th send in the hour is refused after a restart');
});

test('a compose or react delivered twice (the bus delivers at least once) is answered once; asked again after a cancel, it is answered again', async () => {
  const b = setup(ali);
  const req = compose('answer');
  b.system.tell(b.ref, req);
  await b.tell(req);
  assert.equal(b.replies.map((r) => r.kind), ['draft'], 'the second delivery is neither drafted again nor declined against the first one\'s reservation');
  await b.tell({ kind: 'cancelled', turnId: req.turnId, chatId: 'demo' });
  await b.clock.advanceBy(2_000);
  await b.tell({ ...req, attempt: 1 });
  assert.equal(b.replies.map((r) => r.kind), ['draft', 'draft'], 'a regeneration comes after the cancel that released the turn');
  const react: BotMessage = { kind: 'react', turnId: ++turn, chatId: 'demo', timeZone: 'Europe/Istanbul', target: { seq: 1, chatId: 'demo', messageId: 7, botId: null, speaker: 'deniz', text: 'THYAO uçtu', at: START } };
  await b.clock.advanceBy(2_000);
  b.system.tell(b.ref, react);
  await b.tell(react);
  assert.equal(b.replies.map((r) => r.kind), ['draft', 'draft', 'reaction']);
});

test('outside its active hours a bot declines', async () => {
  const mehmet = config.bots.find((b) => b.id === 'mehmet_trader')!; // 09-12, 14-17, 20-22 Istanbul
  const b = setup(mehmet);
  await b.tell(compose()); // 12:00 Istanbul: just outside 09:00-12:00
  assert.equal(b.replies.at(-1), { kind: 'declined', turnId: turn, botId: mehmet.id, reason: 'hours' });
});

test("an operator's line (scripted): sent as written, outside active hours too, but within budget, content rules and the bot's own dedup", async () => {
  const mehmet = { ...config.bots.find((b) => b.id === 'mehmet_trader')!, hourlyLimit: 2, minGapSec: 1 }; // 12:00 Istanbul is outside his hours
  const b = setup(mehmet);
  const say = (text: string): ComposeRequest => ({ ...compose('new'), scripted: text });
  await b.tell(say('Arkadaşlar  yarın  açılışta duyuru var '));
  assert.equal(b.replies.at(-1), { kind: 'draft', turnId: turn, botId: mehmet.id, text: 'Arkadaşlar yarın açılışta duyuru var', topic: 'operator', mood: (b.replies.at(-1) as { mood: string }).mood, pace: (b.replies.at(-1) as { pace: number }).pace, attempt: 0 });
  await b.tell({ kind: 'delivered', turnId: turn, chatId: 'demo', text: 'Arkadaşlar yarın açılışta duyuru var', at: b.clock.now() });
  await b.clock.advanceBy(2_000);
  await b.tell(say('Bu hisse garanti kâr getirir'));
  assert.equal(b.replies.at(-1), { kind: 'declined', turnId: turn, botId: mehmet.id, reason: 'content', detail: 'promise' });
  await b.tell(say('arkadaşlar yarın açılışta duyuru var!'));
  assert.equal(b.replies.at(-1), { kind: 'declined', turnId: turn, botId: mehmet.id, reason: 'duplicate' });
  await b.tell(say('ikinci duyuru: toplantı 15:00'));
  assert.is(b.replies.at(-1)!.kind, 'draft');
  await b.clock.advanceBy(2_000);
  await b.tell(say('üçüncü duyuru olmayacak'));
  const last = b.replies.at(-1)!;
  assert.is(last.kind === 'declined' && last.reason, 'budget', 'two sends an hour, both used');
});

test('a bot started again (a restart, a move to another node) keeps its own dedup window from what the store says it said', async () => {
  const mehmet = { ...config.bots.find((b) => b.id === 'mehmet_trader')!, hourlyLimit: 10, minGapSec: 1 };
  const store = new MemoryBotStateStore();
  await store.save({ botId: mehmet.id, emotion: mehmet.emotionBaseline, emotionAt: START, sentAt: [], said: ['Gram altın için açık söyleyeyim: hikâye bozulmadı!'] });
  const b = setup(mehmet, store);
  await b.tell({ ...compose('new'), scripted: 'gram altın için açık söyleyeyim, hikâye bozulmadı' });
  assert.equal(b.replies.at(-1), { kind: 'declined', turnId: turn, botId: mehmet.id, reason: 'duplicate' });
  await b.tell({ ...compose('new'), scripted: 'bugün dolar sakin' });
  assert.is(b.replies.at(-1)!.kind, 'draft');
});

test('moods follow what the bot hears', async () => {
  const b = setup(ali);
  const status = () => b.system.ask<BotMessage, { emotion: { valence: number; arousal: number } }>(b.ref, (reply) => ({ kind: 'status', reply }), 1_000);
  await b.system.settle();
  const before = await status();
  for (let i = 0; i < 3; i++) await b.tell({ kind: 'heard', event: { kind: 'disagreement' } });
  const after = await status();
  assert.ok(after.emotion.valence < before.emotion.valence);
  assert.ok(after.emotion.arousal > before.emotion.arousal);
});

test('replies are read as agreement or disagreement', () => {
  assert.is(readReply('Katılıyorum Ayşe, THYAO güçlü'), 'agreement');
  assert.is(readReply('Bence değil, dolar daha çıkar'), 'disagreement');
  assert.is(readReply('HİÇ SANMAM, faiz düşmez'), 'disagreement');
  assert.is(readReply('BIST bugün sakin'), undefined);
});

test('a bot remembers what a person told it and recalls it when it answers that person; the memory counts as used', async () => {
  const requests: GenerationRequest[] = [];
  const offline = createOfflineGenerator();
  const llm: LlmPort = { generate: (r) => (requests.push(r), offline.generate(r)) };
  const memories = new MemoryBotMemories();
  const b = setup(ali, new MemoryBotStateStore(), { llm, memories });
  const told: ChatMessage = { seq: 3, chatId: 'demo', messageId: 41, botId: null, speaker: 'deniz', text: '@ali_ekonomist_bot  ben emekliyim,\n temettü hisselerini seviyorum', at: START };
  await b.tell({ kind: 'heard', event: { kind: 'mentioned' }, told });
  const [kept] = await memories.recall(ali.id, { limit: 5, now: START });
  assert.equal([kept?.kind, kept?.content, kept?.about, kept?.sourceMessageId], ['conversation', 'deniz: @ali_ekonomist_bot ben emekliyim, temettü hisselerini seviyorum', 'deniz', 41]);
  await b.clock.advanceBy(60_000);
  await b.tell({ ...compose('answer'), target: { ...told, seq: 9, messageId: 57, text: '@ali_ekonomist_bot bana ne önerirsin?' } });
  assert.equal(requests.at(-1)?.memories, ['deniz: @ali_ekonomist_bot ben emekliyim, temettü hisselerini seviyorum']);
  assert.is(b.replies.at(-1)?.kind, 'draft');
  const [after] = await memories.recall(ali.id, { limit: 1, now: b.clock.now() });
  assert.is(after?.usageCount, 1);
});

test('without a memory store nothing is remembered and requests carry no memories', async () => {
  const requests: GenerationRequest[] = [];
  const offline = createOfflineGenerator();
  const b = setup(ali, new MemoryBotStateStore(), { llm: { generate: (r) => (requests.push(r), offline.generate(r)) } });
  await b.tell({ kind: 'heard', event: { kind: 'mentioned' }, told: { seq: 1, chatId: 'demo', messageId: 2, botId: null, speaker: 'deniz', text: 'merhaba', at: START } });
  await b.tell(compose('answer'));
  assert.is(requests.at(-1)?.memories, undefined);
});

test.run();
