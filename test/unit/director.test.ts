// Director: addressed first, no immediate repeat, active hours, reply-target scoring (old-system
// acceptance cases 3, 4, 6), the loop guard.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addressedBot, member, mentions, nextTurn, scoreTarget, seededRng, type ChatMessage, type DirectorSettings, type Persona,
} from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const always = (p: Persona): Persona => ({ ...p, activeHours: [] });
const personas = config.bots.map(always);
const members = personas.map(member);
const universe = ['BIST:THYAO', 'BIST:AKBNK', 'USDTRY', 'BTCUSDT', 'XAUUSD'];
const settings: DirectorSettings = { replyProbability: 0.65, replyToBotsProbability: 0.5, mentionProbability: 0.35, reactionProbability: 0, maxBotChain: 6, maxPairExchanges: 4 };
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

let nextId = 1;
function msg(botId: string | null, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  const id = nextId++;
  return { seq: id, chatId: 'demo', messageId: id, botId, speaker: botId ?? 'deniz', text, at: NOW - 60_000, ...extra };
}
const input = (transcript: ChatMessage[], over: Partial<Parameters<typeof nextTurn>[0]> = {}) => ({
  now: NOW, timeZone: 'Europe/Istanbul', members, transcript, busyUntil: new Map<string, number>(), universe, ...over,
});

test('mentions match the whole handle, case-insensitively, with or without @', () => {
  const p = personas[1]!;
  assert.ok(mentions(`@${p.handle.toUpperCase()} ne aldın?`, p));
  assert.ok(mentions(`${p.handle} bugün sessiz`, p));
  assert.not.ok(mentions(`@${p.handle}x merhaba`, p));
  assert.not.ok(mentions('kimseye değil', p));
});

test('a human message addresses the bot it mentions or replies to; bot messages address nobody', () => {
  const ayse = personas[1]!;
  const fromBot = msg(personas[0]!.id, 'AKBNK güçlü duruyor');
  assert.is(addressedBot(msg(null, `@${ayse.handle} ne aldın?`), members, []), ayse.id);
  assert.is(addressedBot(msg(null, 'katılmıyorum', { replyTo: fromBot.messageId }), members, [fromBot]), personas[0]!.id);
  assert.is(addressedBot(msg(personas[2]!.id, `@${ayse.handle} bence de`), members, []), undefined);
  assert.is(addressedBot(msg(null, 'selam millet'), members, []), undefined);
  // A reply to a message the chat does not have (older than its transcript, or a send whose answer was
  // lost): the author Telegram named places it; the transcript, when it has the message, wins.
  const can = personas[4]!;
  assert.is(addressedBot(msg(null, 'katılmıyorum', { replyTo: 999, replyToHandle: can.handle.toUpperCase() }), members, [fromBot]), can.id);
  assert.is(addressedBot(msg(null, 'katılmıyorum', { replyTo: fromBot.messageId, replyToHandle: can.handle }), members, [fromBot]), personas[0]!.id);
  assert.is(addressedBot(msg(null, 'katılmıyorum', { replyTo: 999, replyToHandle: 'baska_bir_bot' }), members, [fromBot]), undefined);
  assert.is(addressedBot(msg(null, 'katılmıyorum', { replyTo: 999 }), members, [fromBot]), undefined);
});

test('the last speaker is not picked again when another bot is available (case 4)', () => {
  const rng = seededRng(7);
  for (let i = 0; i < 300; i++) {
    const last = personas[i % personas.length]!;
    const turn = nextTurn(input([msg(null, 'selam'), msg(last.id, 'piyasa sakin')]), settings, rng);
    assert.ok(turn.kind !== 'silence');
    assert.is.not(turn.botId, last.id);
  }
});

test('bots outside their active hours or busy are never picked (case 3)', () => {
  const only = member(always(personas[0]!));
  const asleep = personas.slice(1).map((p) => member({ ...p, activeHours: ['22:00-02:00'] })); // 12:00 Istanbul: asleep
  const rng = seededRng(3);
  for (let i = 0; i < 100; i++) {
    const turn = nextTurn(input([], { members: [only, ...asleep] }), settings, rng);
    assert.is(turn.kind === 'speak' && turn.botId, only.persona.id);
  }
  const busy = new Map([[only.persona.id, NOW + 1000]]);
  assert.equal(nextTurn(input([], { members: [only, ...asleep], busyUntil: busy }), settings, rng), { kind: 'silence', reason: 'nobody-available' });
});

test('reply targets: never the own message; a mention beats everything; a fresh human question beats an old bot line (case 6)', () => {
  const speaker = personas[3]!;
  const mine = msg(speaker.id, 'benim mesajım?');
  const mention = msg(personas[1]!.id, `@${speaker.handle} sen ne dersin`);
  const fresh = msg(null, 'dolar nereye gider?', { at: NOW - 30_000 });
  const old = msg(personas[2]!.id, 'faiz kararı önemli', { at: NOW - 40 * 60_000 });
  assert.ok(scoreTarget(mention, speaker, NOW, universe, 0) > scoreTarget(fresh, speaker, NOW, universe, 0));
  assert.ok(scoreTarget(fresh, speaker, NOW, universe, 0) > scoreTarget(old, speaker, NOW, universe, 0) + 10);
  const rng = seededRng(11);
  const transcript = [old, fresh, mine];
  for (let i = 0; i < 300; i++) {
    const turn = nextTurn(input(transcript, { members: [member(speaker), member(personas[0]!)] }), { ...settings, replyProbability: 1, replyToBotsProbability: 1 }, rng);
    if (turn.kind === 'speak' && turn.target) assert.is.not(turn.target.botId, turn.botId);
  }
});

test('loop guard: after a long bot chain the turn is a new post, not a reply', () => {
  const chain = Array.from({ length: 6 }, (_, i) => msg(personas[i % 2]!.id, `satır ${i}`, i > 0 ? { replyTo: nextId - 1 } : {}));
  const rng = seededRng(5);
  for (let i = 0; i < 100; i++) {
    const turn = nextTurn(input(chain), { ...settings, replyToBotsProbability: 1 }, rng);
    assert.ok(turn.kind === 'speak' && turn.mode === 'new', JSON.stringify(turn));
    if (turn.kind === 'speak') assert.not.ok([personas[0]!.id, personas[1]!.id].includes(turn.botId));
  }
});

test('a bot never replies twice to the same message', () => {
  const speaker = personas[1]!;
  const h = msg(null, `@${speaker.handle} bugün ne aldın?`);
  const answer = msg(speaker.id, 'THYAO aldım', { replyTo: h.messageId });
  const other = msg(personas[0]!.id, 'bence de güzel gün');
  const rng = seededRng(13);
  for (let i = 0; i < 200; i++) {
    const turn = nextTurn(input([h, answer, other], { members: [member(speaker)] }), { ...settings, replyProbability: 1, replyToBotsProbability: 1 }, rng);
    assert.ok(turn.kind === 'speak');
    assert.is.not(turn.target?.messageId, h.messageId);
  }
});

test.run();
